//! Reworded copies in other scripts and languages: for each, a hand-written fire report, a copy
//! of it reworded word by word, and an independent report of another port fire. The copy must
//! be found, and nothing else paired; what else each language needs is asserted beside it.

use unspun_core::align::AlignConfig;
use unspun_core::{Document, Flag, NoProgress, PipelineBuilder, Relation, ReusePair};

/// Scans a source, a copy of it reworded word by word and an independent report of another
/// fire, and returns the one pair it must find with the substitutions of its passages.
fn spun_pair_alone(source: &str, spun: &str, other: &str) -> (ReusePair, Vec<[String; 2]>) {
    let docs = vec![
        Document::new("source", source),
        Document::new("spun", spun),
        Document::new("other", other),
    ];
    let scan = PipelineBuilder::new().build().unwrap().scan(docs, &NoProgress);
    assert_eq!(scan.pairs.len(), 1, "{:?}", scan.pairs);
    let pair = scan.pairs[0].clone();
    assert_eq!((pair.a.as_str(), pair.b.as_str()), ("source", "spun"));
    let substituted = pair.passages.iter().flat_map(|p| p.substitutions.clone()).collect();
    (pair, substituted)
}

#[test]
fn a_chinese_copy_reworded_word_by_word_is_found_and_other_coverage_is_not() {
    let source = "上海港口周二起火\n\n周二下午，上海北部一处港口仓库发生火灾。消防部门表示，共有十四艘船只受损，没有人员伤亡。\n\n来自宝山区的消防队员协助控制了火势，阻止其蔓延到燃油库。\n\n官员说，码头将在检查人员检查完桩基后于下周重新开放。";
    let spun = "上海港口周二起火\n\n周二午后，上海北部一座港口库房突发大火。消防机构称，一共有十四艘船舶损坏，无人伤亡。\n\n来自宝山区的消防员帮助遏制了火情，防止其扩散到燃油库。\n\n负责人说，码头将在检查人员检查完桩基后于下周再度开放。";
    let other = "宁波港区货轮起火无人受伤\n\n本周三凌晨，宁波舟山港一艘停靠的集装箱货轮发生火灾。海事部门介绍，火灾由船上一台发电机故障引起，船员全部安全撤离。\n\n当地消防救援支队出动六辆消防车，经过两个小时扑救，明火被完全扑灭。港口作业未受影响。";
    let (_, substituted) = spun_pair_alone(source, spun, other);
    assert!(substituted.contains(&["重新".into(), "再度".into()]), "{substituted:?}");
}

#[test]
fn a_hindi_copy_reworded_word_by_word_aligns_sentence_by_sentence() {
    let source = "मुंबई बंदरगाह पर आग लगी\n\nमंगलवार दोपहर मुंबई के उत्तरी बंदरगाह पर एक गोदाम में भीषण आग लग गई। दमकल विभाग ने बताया कि चौदह नावें क्षतिग्रस्त हुईं और कोई घायल नहीं हुआ।\n\nठाणे से आए दमकलकर्मियों ने आग को ईंधन डिपो तक पहुंचने से पहले काबू में कर लिया। अधिकारियों ने कहा कि जांच पूरी होने के बाद घाट अगले सप्ताह फिर से खुलेगा।";
    let spun = "मुंबई बंदरगाह पर आग लगी\n\nमंगलवार दोपहर मुंबई के उत्तरी बंदरगाह पर एक भंडारगृह में भयंकर आग लग गई। दमकल विभाग ने कहा कि चौदह नावें नष्ट हुईं और कोई जख्मी नहीं हुआ।\n\nठाणे से आए अग्निशमन कर्मियों ने आग को ईंधन डिपो तक पहुंचने से पहले नियंत्रित कर लिया। अफसरों ने कहा कि जांच पूरी होने के बाद घाट अगले हफ्ते दोबारा खुलेगा।";
    let other = "चेन्नई में मालवाहक जहाज में आग, कोई हताहत नहीं\n\nबुधवार तड़के चेन्नई बंदरगाह पर खड़े एक कंटेनर जहाज में आग लग गई। तटरक्षक बल के अनुसार आग जहाज के जनरेटर में खराबी से लगी और सभी नाविक सुरक्षित निकाल लिए गए।\n\nस्थानीय दमकल विभाग की छह गाड़ियों ने दो घंटे की मशक्कत के बाद आग पर पूरी तरह काबू पा लिया। बंदरगाह का कामकाज प्रभावित नहीं हुआ।";
    let (pair, substituted) = spun_pair_alone(source, spun, other);
    assert_eq!(pair.aligned_sentences, 5, "each sentence, not each paragraph: {pair:?}");
    assert!(substituted.contains(&["सप्ताह फिर से".into(), "हफ्ते दोबारा".into()]), "{substituted:?}");
}

#[test]
fn a_thai_copy_reworded_word_by_word_is_found_and_other_coverage_is_not() {
    let source = "ไฟไหม้โกดังท่าเรือกรุงเทพ\n\nเมื่อบ่ายวันอังคารเกิดเหตุไฟไหม้โกดังสินค้าที่ท่าเรือทางตอนเหนือของกรุงเทพ\n\nหน่วยดับเพลิงระบุว่าเรือสิบสี่ลำได้รับความเสียหายแต่ไม่มีผู้บาดเจ็บ\n\nเจ้าหน้าที่ดับเพลิงจากนนทบุรีช่วยควบคุมเพลิงไว้ได้ก่อนที่ไฟจะลามไปถึงคลังน้ำมัน\n\nเจ้าหน้าที่กล่าวว่าท่าเรือจะเปิดอีกครั้งในสัปดาห์หน้าหลังการตรวจสอบเสร็จสิ้น";
    let spun = "ไฟไหม้โกดังท่าเรือกรุงเทพ\n\nเมื่อบ่ายวันอังคารเกิดเหตุเพลิงไหม้คลังสินค้าที่ท่าเรือทางตอนเหนือของกรุงเทพ\n\nหน่วยดับเพลิงเปิดเผยว่าเรือสิบสี่ลำได้รับความเสียหายแต่ไม่มีผู้ได้รับบาดเจ็บ\n\nพนักงานดับเพลิงจากนนทบุรีช่วยควบคุมไฟไว้ได้ก่อนที่เพลิงจะลุกลามไปถึงคลังน้ำมัน\n\nเจ้าหน้าที่บอกว่าท่าเรือจะเปิดทำการอีกครั้งในสัปดาห์หน้าหลังการตรวจสอบแล้วเสร็จ";
    let other = "เรือสินค้าเกิดเพลิงไหม้ที่ท่าเรือแหลมฉบัง\n\nเมื่อเช้ามืดวันพุธเกิดเหตุไฟไหม้บนเรือบรรทุกตู้สินค้าที่จอดอยู่ที่ท่าเรือแหลมฉบัง\n\nกรมเจ้าท่าระบุว่าไฟเกิดจากเครื่องปั่นไฟบนเรือขัดข้องและลูกเรือทุกคนอพยพออกมาได้อย่างปลอดภัย\n\nรถดับเพลิงหกคันใช้เวลาสองชั่วโมงจึงควบคุมเพลิงได้ทั้งหมดและการขนส่งสินค้าไม่ได้รับผลกระทบ";
    let (pair, substituted) = spun_pair_alone(source, spun, other);
    assert_eq!(pair.relation, Relation::Spun, "{pair:?}");
    assert!(substituted.contains(&["กล่าว".into(), "บอก".into()]), "{substituted:?}");
}

#[test]
fn a_russian_copy_reworded_with_other_case_endings_aligns_sentence_by_sentence() {
    let source = "Пожар в порту Новороссийска\n\nВо вторник днём на складе в северной части порта Новороссийска вспыхнул пожар. По словам начальника пожарной охраны, пострадали четырнадцать судов, никто из людей не пострадал.\n\nПожарные из Геленджика помогли локализовать огонь до того, как он добрался до топливного склада.\n\nЧиновники заявили, что причал откроется на следующей неделе после проверки свай инспекторами.";
    let spun = "Пожар в порту Новороссийска\n\nВо вторник после полудня на складе в северной части порта Новороссийска возник пожар. Как сообщил начальник пожарной охраны, повреждены четырнадцать судов, пострадавших среди людей нет.\n\nПожарные расчёты из Геленджика помогли локализовать огонь прежде, чем он дошёл до топливного хранилища.\n\nПо заявлению чиновников, причал откроют на следующей неделе, когда инспекторы проверят сваи.";
    let other = "Возгорание на сухогрузе в порту Туапсе\n\nВ среду рано утром на стоящем у причала в Туапсе контейнеровозе произошло возгорание. Как сообщили в Морспасслужбе, причиной стала неисправность генератора, весь экипаж благополучно эвакуирован.\n\nШесть пожарных расчётов потушили огонь за два часа. Работа порта не пострадала.";
    let (pair, substituted) = spun_pair_alone(source, spun, other);
    assert_eq!(pair.aligned_sentences, 5, "{pair:?}");
    // Stemmed as Russian, a sentence whose case endings changed ("проверки свай
    // инспекторами" / "инспекторы проверят сваи") is a match on its own strength.
    let strong = AlignConfig::default().strong_similarity;
    assert!(pair.passages.iter().all(|p| p.similarity >= strong), "{:?}", pair.passages);
    assert!(substituted.contains(&["откроется".into(), "откроют".into()]), "{substituted:?}");
    let hidden = Flag::HiddenCharacters;
    assert!(!pair.flags.contains(&hidden), "short Russian words are no disguise");
}
