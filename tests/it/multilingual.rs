//! Tests: articles in other languages and scripts, split bodies, captions
//! and credits, forum thread lists. Every page is made up here, by hand;
//! none comes from an evaluation corpus.

use threshing::{Article, Extractor, Page, RuleSet};

fn extractor() -> Extractor {
    Extractor::new(RuleSet::builtin().expect("built-in rules"))
}

fn extract(html: &[u8], url: Option<&str>, content_type: Option<&str>) -> Article {
    let url = url.map(|u| url::Url::parse(u).expect("test URL"));
    extractor()
        .extract(&Page {
            bytes: html,
            url: url.as_ref(),
            content_type,
            content_language: None,
        })
        .expect("extracts")
}

/// A news page around `body`, with a menu, a sidebar of links and a footer.
fn news_page(lang_attr: &str, charset: &str, title: &str, body: &str) -> String {
    let menu: String = (1..=8)
        .map(|i| format!("<li><a href=\"/s{i}\">Section {i}</a></li>"))
        .collect();
    let side: String = (1..=10)
        .map(|i| format!("<li><a href=\"/m{i}\">Other story number {i} of the day</a></li>"))
        .collect();
    format!(
        "<!DOCTYPE html><html{lang_attr}><head><meta charset=\"{charset}\"><meta property=\"og:type\" content=\"article\"><title>{title}</title></head>\
         <body><header><nav><ul>{menu}</ul></nav></header>\
         <div class=\"page\"><div class=\"main-col\"><article><h1>{title}</h1>{body}</article></div>\
         <aside class=\"sidebar\"><ul>{side}</ul></aside></div>\
         <footer><p>Contact</p><p>Imprint</p></footer></body></html>"
    )
}

/// Five paragraphs of a Japanese article (made up: a town's new library).
const JA_PARAGRAPHS: [&str; 5] = [
    "市は火曜日、駅前に新しい図書館を建てる計画を発表した。",
    "図書館は三階建てで、子ども向けの部屋と学習室を備える。",
    "建設費は約十二億円で、来年の春に工事が始まる予定だ。",
    "市長は「誰もが気軽に集まれる場所にしたい」と話した。",
    "住民からは開館時間を延ばしてほしいという声も上がっている。",
];

#[test]
fn a_short_japanese_article_is_found_in_every_encoding() {
    let body: String = JA_PARAGRAPHS
        .iter()
        .map(|p| format!("<p>{p}</p>"))
        .collect();
    for label in ["UTF-8", "Shift_JIS", "EUC-JP"] {
        let page = news_page("", label, "新しい図書館", &body);
        let encoding = encoding_rs::Encoding::for_label(label.as_bytes()).expect("label");
        let (bytes, _, lossy) = encoding.encode(&page);
        assert!(!lossy, "{label} holds the page");
        let article = extract(&bytes, None, None);
        for p in JA_PARAGRAPHS {
            assert!(
                article.text.contains(p),
                "{label}: {p} missing from {:?}",
                article.text
            );
        }
        assert!(
            !article.text.contains("Other story"),
            "{label}: sidebar kept"
        );
        assert_eq!(article.language.as_deref(), Some("ja"), "{label}: language");
    }
}

#[test]
fn a_short_chinese_article_in_gbk_is_found() {
    let paras = [
        "市政府星期二宣布，将在火车站附近建设一座新的图书馆。",
        "新图书馆共有三层，设有儿童阅览室和自习室。",
        "工程预计明年春天开工，建设费用约为六千万元。",
        "市长表示，希望图书馆成为每个人都能轻松聚会的地方。",
    ];
    let body: String = paras.iter().map(|p| format!("<p>{p}</p>")).collect();
    let page = news_page(" lang=\"zh-CN\"", "GBK", "新图书馆", &body);
    let (bytes, _, lossy) = encoding_rs::GBK.encode(&page);
    assert!(!lossy);
    // The HTTP header's charset wins over the page's own.
    let article = extract(&bytes, None, Some("text/html; charset=gbk"));
    for p in paras {
        assert!(
            article.text.contains(p),
            "{p} missing from {:?}",
            article.text
        );
    }
    assert_eq!(article.language.as_deref(), Some("zh-CN"));
}

/// Paragraphs of a made-up English story, long enough to be prose.
fn story(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            format!(
                "Paragraph {i} of the story tells what the council decided next about the river \
                 walk, with the figures, the places and what residents said about it."
            )
        })
        .collect()
}

#[test]
fn a_body_split_around_figures_and_boxes_is_kept_whole() {
    let paras = story(9);
    let part = |ps: &[String]| -> String {
        let inner: String = ps.iter().map(|p| format!("<p>{p}</p>")).collect();
        format!("<div class=\"text-description\">{inner}</div>")
    };
    let body = format!(
        "{}<figure><img src=\"a.jpg\"><figcaption>The old harbour at dawn. (Image: GETTY)</figcaption></figure>\
         {}<div class=\"read-also\"><a href=\"/x\">Read also: the bridge that was never built</a></div>\
         <div class=\"embed\"><p>Advertisement</p></div>{}",
        part(&paras[..5]),
        part(&paras[5..7]),
        part(&paras[7..])
    );
    // No <article>: the parts sit in a plain column beside a sidebar.
    let page = news_page("", "utf-8", "River walk", &body)
        .replace("<article>", "<div class=\"story\">")
        .replace("</article>", "</div>");
    let article = extract(page.as_bytes(), None, None);
    for p in &paras {
        assert!(article.text.contains(p.as_str()), "lost: {p}");
    }
    for gone in ["Read also", "Advertisement", "GETTY", "Other story"] {
        assert!(
            !article.text.contains(gone),
            "kept {gone:?}: {}",
            article.text
        );
    }
}

#[test]
fn captions_and_credits_leave_the_article() {
    let paras = story(4);
    let body = format!(
        "<p>{}</p><div class=\"image\"><img src=\"a.jpg\"><p class=\"image-caption\">Workers on the new \
         path last week.</p><p class=\"credit\">Foto: dpa/Anna Muster</p></div><p>{}</p>\
         <p>Photo : BSS</p><p>{}</p><p>(Image: GETTY)</p><p>© Shutterstock</p><p>{}</p>",
        paras[0], paras[1], paras[2], paras[3]
    );
    let article = extract(
        news_page("", "utf-8", "River walk", &body).as_bytes(),
        None,
        None,
    );
    for p in &paras {
        assert!(article.text.contains(p.as_str()), "lost: {p}");
    }
    for gone in [
        "Workers on the new path",
        "dpa",
        "BSS",
        "GETTY",
        "Shutterstock",
    ] {
        assert!(
            !article.text.contains(gone),
            "kept {gone:?}: {}",
            article.text
        );
    }
}

#[test]
fn german_furniture_leaves_the_article() {
    let paras: Vec<String> = (0..5)
        .map(|i| {
            format!(
                "Absatz {i}: Der Stadtrat hat am Dienstag beschlossen, den Uferweg um drei \
                 Kilometer zu verlängern, und die Anwohner sind darüber sehr froh."
            )
        })
        .collect();
    let body = format!(
        "<p>Von Anna Muster</p><p>12. März 2024, 14:30 Uhr</p><p>{}</p><p>{}</p>\
         <p>Lesen Sie auch: Warum die Brücke nie gebaut wurde</p><p>{}</p><p>Anzeige</p><p>{}</p>\
         <p>{}</p><p>Teilen</p><h2>Das könnte Sie auch interessieren</h2>\
         <ul><li><a href=\"/a\">Neue Brücke eröffnet</a></li><li><a href=\"/b\">Haushalt beschlossen</a></li></ul>",
        paras[0], paras[1], paras[2], paras[3], paras[4]
    );
    let article = extract(
        news_page(" lang=\"de\"", "utf-8", "Uferweg", &body).as_bytes(),
        None,
        None,
    );
    for p in &paras {
        assert!(article.text.contains(p.as_str()), "lost: {p}");
    }
    for gone in [
        "Lesen Sie auch",
        "Anzeige",
        "Teilen",
        "Das könnte Sie",
        "Neue Brücke",
        "Anna Muster",
        "12. März",
    ] {
        assert!(
            !article.text.contains(gone),
            "kept {gone:?}: {}",
            article.text
        );
    }
}

#[test]
fn a_forum_thread_list_gives_its_threads() {
    let titles = [
        "Best way to sharpen a chisel for dovetails",
        "Router table fence keeps drifting",
        "Which finish for an outdoor bench",
        "Dust collection for a small shop",
        "First attempt at a hand cut mortise",
        "How flat does a workbench top need to be",
    ];
    let rows: String = titles
        .iter()
        .enumerate()
        .map(|(i, t)| {
            format!(
                "<div class=\"structItem structItem--thread\"><div class=\"structItem-cell structItem-cell--main\">\
                 <div class=\"structItem-title\"><a href=\"/threads/t.{i}/\">{t}</a></div>\
                 <div class=\"structItem-minor\"><ul class=\"structItem-parts\"><li><a href=\"/members/u{i}/\" class=\"username\">woodworker{i}</a></li>\
                 <li><a href=\"/threads/t.{i}/\"><time>Mar {d}, 2024</time></a></li></ul></div></div>\
                 <div class=\"structItem-cell structItem-cell--meta\"><dl><dt>Replies</dt><dd>{r}</dd></dl></div></div>",
                d = i + 1,
                r = i * 3
            )
        })
        .collect();
    let page = format!(
        "<html><head><title>Hand tools | Woodworking Forum</title></head><body>\
         <header><nav><a href=\"/\">Forums</a> <a href=\"/whats-new/\">What's new</a></nav></header>\
         <div class=\"p-body\"><h1>Hand tools</h1><div class=\"p-description\">Chisels, planes and saws.</div>\
         <div class=\"structItemContainer\">{rows}</div></div>\
         <footer><a href=\"/terms\">Terms and rules</a></footer></body></html>"
    );
    let article = extract(
        page.as_bytes(),
        Some("https://forum.example.com/forums/hand-tools.12/"),
        None,
    );
    for t in titles {
        assert!(
            article.text.contains(t),
            "thread {t:?} missing: {:?}",
            article.text
        );
    }
}
