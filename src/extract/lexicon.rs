//! What page furniture says, in the languages of the web: the lead-ins of
//! teasers for other stories ("Lesen Sie auch:", "À lire aussi"), section
//! headings around an article ("Das könnte Sie auch interessieren",
//! "関連記事"), share, follow, print and advertising labels, newsletter and
//! paywall prompts, cookie notices, view counters, image credits, and the
//! shapes of bylines and dates.
//!
//! Structure finds most boilerplate (link density, position, repetition);
//! these words catch what structure cannot tell from a short paragraph of
//! the article. The lists are phrases, not single common words, except
//! where a word alone on a line can only be a label ("Teilen", "Anzeige").
//! They cover en, de, fr, es, it, pt, nl, pl, cs, ru, uk, tr, sv, da, no, fi,
//! ja, zh and ko, and are applied whatever the page's language: a German
//! page declared `lang="en"` still has German furniture, and a phrase of one
//! language is rarely a whole line of another's article.
//!
//! Every pattern is anchored at the start of a block, labels and headings
//! at both ends, and [`furniture`] tests only blocks of a few words and a
//! few hundred characters, so a paragraph that merely mentions a newsletter
//! is never a match. Lengths are tested apart from the patterns: bounded
//! repeats of `.` (`.{0,200}`) make automata so large that they once made
//! extraction twice as slow.

use std::sync::LazyLock;

use regex::Regex;

/// Headings of what surrounds an article: related stories, more on the
/// topic, comments, newsletters. A block so headed is not the article.
const AROUND_HEADINGS: &[&str] = &[
    // de
    "das könnte sie auch interessieren",
    "das könnte dich auch interessieren",
    "könnte sie auch interessieren",
    "auch interessant",
    "ebenfalls interessant",
    "mehr zum thema",
    "mehr zu diesem thema",
    "mehr themen",
    "weitere themen",
    "weitere artikel",
    "weitere nachrichten",
    "verwandte artikel",
    "ähnliche artikel",
    "passend dazu",
    "empfehlungen der redaktion",
    "unsere empfehlungen",
    "meistgelesen",
    "meistgelesene artikel",
    "neueste artikel",
    "top-artikel",
    "kommentare",
    "leserkommentare",
    "kommentar schreiben",
    "diskutieren sie mit",
    "newsletter",
    "artikel teilen",
    "mehr aus dem ressort",
    "zum weiterlesen",
    "auch lesenswert",
    // fr
    "à lire aussi",
    "a lire aussi",
    "à lire également",
    "lire aussi",
    "voir aussi",
    "sur le même sujet",
    "sur le même thème",
    "dans la même rubrique",
    "vous aimerez aussi",
    "vous aimerez aussi ces articles",
    "articles similaires",
    "articles liés",
    "nos derniers articles",
    "les plus lus",
    "commentaires",
    "laisser un commentaire",
    "réagir",
    "partager cet article",
    "à découvrir aussi",
    "à découvrir",
    // es
    "te puede interesar",
    "también te puede interesar",
    "te podría interesar",
    "puede interesarte",
    "noticias relacionadas",
    "artículos relacionados",
    "contenido relacionado",
    "te recomendamos",
    "lo más leído",
    "más leídas",
    "comentarios",
    "deja un comentario",
    "deja tu comentario",
    "más noticias",
    "lee también",
    "ver también",
    "temas relacionados",
    // it
    "potrebbe interessarti",
    "ti potrebbe interessare",
    "potrebbe interessarti anche",
    "articoli correlati",
    "notizie correlate",
    "leggi anche",
    "vedi anche",
    "i più letti",
    "più letti",
    "commenti",
    "lascia un commento",
    "altre notizie",
    // pt
    "você também pode gostar",
    "voce tambem pode gostar",
    "você pode gostar",
    "artigos relacionados",
    "notícias relacionadas",
    "leia também",
    "veja também",
    "mais lidas",
    "mais lidos",
    "comentários",
    "deixe um comentário",
    "deixe seu comentário",
    "mais notícias",
    "relacionadas",
    // nl
    "lees ook",
    "gerelateerde artikelen",
    "gerelateerd",
    "meer over dit onderwerp",
    "ook interessant",
    "dit vind je misschien ook leuk",
    "meest gelezen",
    "reacties",
    "reageer",
    "plaats een reactie",
    "meer nieuws",
    // pl
    "czytaj też",
    "czytaj także",
    "czytaj również",
    "zobacz też",
    "zobacz także",
    "zobacz również",
    "może cię zainteresować",
    "mogą cię zainteresować",
    "podobne artykuły",
    "powiązane artykuły",
    "polecane artykuły",
    "polecamy",
    "najczęściej czytane",
    "komentarze",
    "dodaj komentarz",
    "więcej informacji",
    // cs
    "čtěte také",
    "čtěte též",
    "související články",
    "mohlo by vás zajímat",
    "mohlo by vás také zajímat",
    "nejčtenější",
    "komentáře",
    "diskuse",
    // ru
    "читайте также",
    "смотрите также",
    "похожие статьи",
    "похожие новости",
    "по теме",
    "ещё по теме",
    "еще по теме",
    "вам также может понравиться",
    "рекомендуем",
    "популярное",
    "самое читаемое",
    "комментарии",
    "оставить комментарий",
    "другие новости",
    "новости по теме",
    // uk
    "читайте також",
    "дивіться також",
    "схожі статті",
    "схожі новини",
    "за темою",
    "вам також може сподобатися",
    "рекомендуємо",
    "популярне",
    "коментарі",
    "залишити коментар",
    "інші новини",
    "новини за темою",
    // tr
    "ilginizi çekebilir",
    "bunlar da ilginizi çekebilir",
    "benzer haberler",
    "ilgili haberler",
    "ilgili içerikler",
    "en çok okunanlar",
    "yorumlar",
    "yorum yap",
    "diğer haberler",
    // sv
    "läs även",
    "läs också",
    "relaterade artiklar",
    "mest lästa",
    "kommentarer",
    "fler nyheter",
    // da
    "læs også",
    "relaterede artikler",
    "mest læste",
    "flere nyheder",
    // no
    "les også",
    "relaterte artikler",
    "mest lest",
    "flere nyheter",
    // fi
    "lue myös",
    "aiheeseen liittyvät",
    "aiheeseen liittyvää",
    "luetuimmat",
    "kommentit",
    "suosittelemme",
    // ja
    "あわせて読みたい",
    "合わせて読みたい",
    "関連記事",
    "関連ニュース",
    "こちらもおすすめ",
    "おすすめ記事",
    "人気記事",
    "よく読まれている記事",
    "コメント",
    "この記事を読んだ人はこんな記事も読んでいます",
    // zh
    "相关阅读",
    "相关文章",
    "相关新闻",
    "延伸阅读",
    "推荐阅读",
    "猜你喜欢",
    "热门文章",
    "相關閱讀",
    "相關文章",
    "相關新聞",
    "延伸閱讀",
    "推薦閱讀",
    "熱門文章",
    "评论",
    "評論",
    "网友评论",
    "留言",
    // ko
    "관련 기사",
    "관련기사",
    "추천 기사",
    "많이 본 뉴스",
    "인기 기사",
    "댓글",
    "함께 보면 좋은 기사",
];

/// Lead-ins of a teaser for another story: "Lesen Sie auch: <headline>".
/// With a separator after them, or alone, they always lead away.
const TEASER_LEADINS: &[&str] = &[
    "read also",
    "also read",
    "see also",
    "read more",
    "more",
    // de
    "lesen sie auch",
    "lesen sie außerdem",
    "lesen sie mehr",
    "lies auch",
    "mehr zum thema",
    "mehr dazu",
    "auch interessant",
    "zum weiterlesen",
    "weiterlesen",
    "siehe auch",
    "passend zum thema",
    "passend dazu",
    "mehr lesen",
    "zum thema",
    "hintergrund",
    "ebenfalls interessant",
    "auch lesenswert",
    "empfehlung",
    // fr
    "lire aussi",
    "à lire aussi",
    "a lire aussi",
    "à lire également",
    "lisez aussi",
    "voir aussi",
    "à voir aussi",
    "lire la suite",
    "en savoir plus",
    "sur le même sujet",
    "à découvrir",
    "découvrir aussi",
    // es
    "lee también",
    "leer también",
    "lea también",
    "lea además",
    "leer más",
    "ver también",
    "te puede interesar",
    "también te puede interesar",
    "más información",
    "sigue leyendo",
    "relacionado",
    "relacionada",
    "te recomendamos",
    // it
    "leggi anche",
    "leggi pure",
    "vedi anche",
    "potrebbe interessarti",
    "continua a leggere",
    "approfondisci",
    "leggi di più",
    "per approfondire",
    // pt
    "leia também",
    "leia mais",
    "veja também",
    "veja mais",
    "saiba mais",
    "continue lendo",
    "relacionado",
    "leia ainda",
    // nl
    "lees ook",
    "lees meer",
    "lees verder",
    "zie ook",
    "ook interessant",
    "meer over",
    // pl
    "czytaj też",
    "czytaj także",
    "czytaj również",
    "czytaj więcej",
    "zobacz też",
    "zobacz także",
    "zobacz również",
    "przeczytaj też",
    "przeczytaj także",
    "przeczytaj również",
    "polecamy",
    "sprawdź też",
    "sprawdź także",
    // cs
    "čtěte také",
    "čtěte též",
    "čtěte dále",
    "přečtěte si také",
    "přečtěte si",
    "související",
    "mohlo by vás zajímat",
    // ru
    "читайте также",
    "читайте еще",
    "читайте ещё",
    "смотрите также",
    "читать далее",
    "читать также",
    "подробнее",
    "по теме",
    "читайте",
    // uk
    "читайте також",
    "читайте ще",
    "дивіться також",
    "читати далі",
    "детальніше",
    "за темою",
    "читайте",
    // tr
    "ayrıca okuyun",
    "ayrıca bakınız",
    "devamını oku",
    "devamı",
    "ilginizi çekebilir",
    "bunu da okuyun",
    "ilgili haber",
    // sv
    "läs även",
    "läs också",
    "läs mer",
    "se även",
    // da
    "læs også",
    "læs mere",
    "se også",
    // no
    "les også",
    "les mer",
    "se også",
    // fi
    "lue myös",
    "lue lisää",
    "katso myös",
    "aiheesta lisää",
    // ja
    "あわせて読みたい",
    "合わせて読みたい",
    "関連記事",
    "続きを読む",
    "こちらもおすすめ",
    "もっと見る",
    "詳しくはこちら",
    // zh
    "相关阅读",
    "相关文章",
    "延伸阅读",
    "推荐阅读",
    "阅读更多",
    "查看更多",
    "相關閱讀",
    "延伸閱讀",
    "推薦閱讀",
    "閱讀更多",
    "更多",
    // ko
    "관련 기사",
    "관련기사",
    "더 보기",
    "더보기",
    "추천 기사",
];

/// Words that, alone on a line, can only be a label of the page's
/// furniture: share, print, follow, advertising, comments.
const LABELS: &[&str] = &[
    // share, print, e-mail, copy link
    "teilen",
    "artikel teilen",
    "beitrag teilen",
    "drucken",
    "link kopieren",
    "per e-mail versenden",
    "per mail teilen",
    "partager",
    "partager l'article",
    "partager cet article",
    "imprimer",
    "copier le lien",
    "compartir",
    "compartir en",
    "imprimir",
    "copiar enlace",
    "copiar link",
    "condividi",
    "condividi su",
    "stampa",
    "copia link",
    "compartilhar",
    "compartilhe",
    "partilhar",
    "delen",
    "deel dit artikel",
    "link kopiëren",
    "udostępnij",
    "podziel się",
    "drukuj",
    "kopiuj link",
    "sdílet",
    "kopírovat odkaz",
    "поделиться",
    "скопировать ссылку",
    "поділитися",
    "копіювати посилання",
    "paylaş",
    "yazdır",
    "linki kopyala",
    "dela",
    "dela artikeln",
    "skriv ut",
    "kopiera länk",
    "del artiklen",
    "kopier link",
    "kopier lenke",
    "jaa",
    "tulosta",
    "kopioi linkki",
    "シェア",
    "シェアする",
    "ツイート",
    "印刷",
    "リンクをコピー",
    "分享",
    "分享到",
    "打印",
    "复制链接",
    "複製連結",
    "공유",
    "공유하기",
    "인쇄",
    "링크 복사",
    // follow
    "folgen sie uns",
    "folge uns",
    "suivez-nous",
    "síguenos",
    "seguici",
    "siga-nos",
    "sigam-nos",
    "volg ons",
    "obserwuj nas",
    "sledujte nás",
    "подписывайтесь на нас",
    "следите за нами",
    "стежте за нами",
    "bizi takip edin",
    "följ oss",
    "følg os",
    "følg oss",
    "seuraa meitä",
    "フォローする",
    "关注我们",
    "關注我們",
    "팔로우",
    // advertising
    "anzeige",
    "werbung",
    "gesponsert",
    "publicité",
    "sponsorisé",
    "publicidad",
    "patrocinado",
    "pubblicità",
    "sponsorizzato",
    "publicidade",
    "advertentie",
    "gesponsord",
    "reklama",
    "sponsorowane",
    "реклама",
    "reklam",
    "annons",
    "annonce",
    "mainos",
    "広告",
    "スポンサー",
    "广告",
    "廣告",
    "광고",
    "externer inhalt",
    "empfohlener redaktioneller inhalt",
    // print a recipe, show a picture, write a comment
    "rezept drucken",
    "artikel drucken",
    "bild anzeigen",
    "bild vergrößern",
    "bilder anzeigen",
    "kommentieren",
    "kommentar schreiben",
    "kommentare schreiben",
    "kommentare insgesamt",
    "jetzt kommentieren",
    "aufrufe",
    "imprimer la recette",
    "commenter",
    "réagir",
    "imprimir receta",
    "imprimir la receta",
    "comentar",
    "stampa la ricetta",
    "stampa ricetta",
    "commenta",
    "imprimir receita",
    "comente",
    "recept printen",
    "reageer",
    "drukuj przepis",
    "skomentuj",
    "vytisknout recept",
    "komentovat",
    "распечатать рецепт",
    "комментировать",
    "коментувати",
    "tarifi yazdır",
    "yorum yaz",
    "skriv ut receptet",
    "kommentera",
    "print opskrift",
    "kommenter",
    "tulosta resepti",
    "kommentoi",
    "views",
    "empfehlungen aus der redaktion",
    "empfehlungen der redaktion",
    // comments and bylines without a name
    "kommentare",
    "commentaires",
    "comentarios",
    "commenti",
    "comentários",
    "reacties",
    "komentarze",
    "komentáře",
    "комментарии",
    "коментарі",
    "yorumlar",
    "kommentarer",
    "kommentit",
    "コメント",
    "评论",
    "評論",
    "댓글",
    "von",
    "von:",
    "par",
    "por",
    "autor",
    "autorin",
    "auteur",
    "autore",
    "door",
    "yazar",
    "автор",
    "著者",
    "作者",
    "기자",
    // newsletter and subscription buttons
    "jetzt abonnieren",
    "abonnieren",
    "newsletter abonnieren",
    "abonnez-vous",
    "s'abonner",
    "je m'abonne",
    "suscríbete",
    "suscribirse",
    "iscriviti",
    "abbonati",
    "assine",
    "assine já",
    "inscreva-se",
    "abonneer",
    "abonneren",
    "zapisz się",
    "subskrybuj",
    "zaprenumeruj",
    "přihlásit k odběru",
    "předplatit",
    "подписаться",
    "подпишитесь",
    "підписатися",
    "підпишіться",
    "abone ol",
    "abone olun",
    "prenumerera",
    "tilmeld",
    "abonnér",
    "abonner",
    "tilaa",
    "購読する",
    "登録する",
    "订阅",
    "訂閱",
    "구독",
    "구독하기",
];

/// Prompts with a tail: newsletter and subscription pitches, paywalls,
/// follow invitations, calls to comment. A short line opening with one is
/// furniture, whatever follows.
const PROMPTS: &[&str] = &[
    // de
    "melden sie sich für unseren newsletter an",
    "melden sie sich jetzt",
    "abonnieren sie",
    "jetzt abonnieren",
    "jetzt registrieren",
    "jetzt weiterlesen",
    "weiterlesen mit",
    "sie wollen mehr",
    "mit unserem newsletter",
    "unser newsletter",
    "newsletter abonnieren",
    "zum newsletter anmelden",
    "folgen sie uns auf",
    "folge uns auf",
    "dieser artikel ist",
    "lesen sie jetzt",
    "jetzt testen",
    "jetzt lesen",
    "hier abonnieren",
    "mehr erfahren",
    "bitte akzeptieren sie",
    "um externe inhalte anzuzeigen",
    "wir benötigen ihre zustimmung",
    // fr
    "abonnez-vous à",
    "inscrivez-vous à notre newsletter",
    "inscrivez-vous",
    "recevez notre newsletter",
    "recevez chaque",
    "suivez-nous sur",
    "cet article est réservé",
    "article réservé aux abonnés",
    "réservé aux abonnés",
    "déjà abonné",
    "il vous reste",
    // es
    "suscríbete a",
    "suscríbete al",
    "suscríbase a",
    "regístrate",
    "recibe nuestro",
    "síguenos en",
    "contenido exclusivo para",
    "exclusivo para suscriptores",
    "¿ya eres suscriptor",
    "únete a nuestro canal",
    "únete a nuestra comunidad",
    "mira lo que tiene nuestro canal",
    "sigue a",
    "descarga nuestra app",
    // it
    "iscriviti alla newsletter",
    "iscriviti alla nostra newsletter",
    "iscriviti al canale",
    "seguici su",
    "articolo riservato agli abbonati",
    "abbonati per",
    // pt
    "assine a newsletter",
    "assine nossa newsletter",
    "inscreva-se na",
    "cadastre-se",
    "receba nossa",
    "siga-nos no",
    "siga o",
    "conteúdo exclusivo para assinantes",
    "já é assinante",
    "entre no canal",
    // nl
    "schrijf je in",
    "meld je aan voor",
    "abonneer je",
    "volg ons op",
    "dit artikel is alleen",
    "word abonnee",
    // pl
    "zapisz się do newslettera",
    "zapisz się na",
    "obserwuj nas na",
    "zaprenumeruj",
    "artykuł dostępny tylko",
    "dołącz do nas",
    // cs
    "přihlaste se k odběru",
    "odebírejte",
    "sledujte nás na",
    "předplaťte si",
    // ru
    "подписывайтесь на наш",
    "подпишитесь на наш",
    "подписывайтесь на",
    "подпишитесь на",
    "присоединяйтесь к нам",
    "читайте нас в",
    // uk
    "підписуйтесь на наш",
    "підпишіться на наш",
    "підписуйтесь на",
    "підпишіться на",
    "приєднуйтесь до нас",
    "читайте нас у",
    // tr
    "abone olun",
    "bültenimize",
    "bizi takip edin",
    "bizi takip etmek için",
    // sv, da, no, fi
    "prenumerera på",
    "anmäl dig till",
    "följ oss på",
    "tilmeld dig",
    "følg os på",
    "meld deg på",
    "følg oss på",
    "tilaa uutiskirje",
    "tilaa",
    "seuraa meitä",
    // ja, zh, ko
    "メルマガ登録",
    "ニュースレター",
    "フォローして",
    "购读",
    "订阅我们",
    "关注我们的",
    "扫码关注",
    "長按",
    "구독하고",
    "뉴스레터",
    // log in to take part
    "sie müssen sich einloggen",
    "sie müssen angemeldet sein",
    "bitte melden sie sich an",
    "vous devez être connecté",
    "vous devez vous connecter",
    "debes iniciar sesión",
    "tienes que iniciar sesión",
    "devi effettuare il login",
    "devi essere registrato",
    "você precisa estar logado",
    "você precisa fazer login",
    "je moet ingelogd zijn",
    "musisz się zalogować",
    "musisz być zalogowany",
    "pro přidání komentáře se přihlaste",
    "чтобы оставить комментарий",
    "щоб залишити коментар",
    "yorum yapabilmek için",
    "du måste logga in",
    "du skal være logget ind",
    "du må logge inn",
    "kirjaudu sisään",
    // en: paywall lines (the English newsletter and follow prompts are in
    // `_global.toml`)
    "you must be logged in",
    "to view the full story",
    "to read the full story",
    "to read the full article",
    "to continue reading",
    "if you're seeing this message",
    "if you’re seeing this message",
    "already a subscriber",
    "first-time subscribers",
];

/// Cookie notices: these phrases, anywhere in a short block.
const COOKIE_PHRASES: &[&str] = &[
    "wir verwenden cookies",
    "diese website verwendet cookies",
    "diese seite verwendet cookies",
    "wir nutzen cookies",
    "nous utilisons des cookies",
    "ce site utilise des cookies",
    "utilizamos cookies",
    "este sitio web utiliza cookies",
    "este sitio utiliza cookies",
    "utilizziamo i cookie",
    "utilizziamo cookie",
    "questo sito utilizza cookie",
    "questo sito utilizza i cookie",
    "usamos cookies",
    "este site utiliza cookies",
    "este site usa cookies",
    "utilizamos cookies",
    "wij gebruiken cookies",
    "deze website gebruikt cookies",
    "deze site gebruikt cookies",
    "używamy plików cookie",
    "używamy cookies",
    "ta strona używa plików cookie",
    "ta strona wykorzystuje pliki cookie",
    "používáme cookies",
    "používáme soubory cookie",
    "мы используем cookie",
    "мы используем файлы cookie",
    "этот сайт использует cookie",
    "ми використовуємо cookie",
    "ми використовуємо файли cookie",
    "çerezler kullan",
    "çerez kullan",
    "vi använder cookies",
    "vi bruger cookies",
    "vi bruker informasjonskapsler",
    "vi bruker cookies",
    "käytämme evästeitä",
    "クッキーを使用",
    "cookieを使用",
    "使用cookie",
    "使用 cookie",
    "쿠키를 사용",
];

/// View and comment counters: "Aufrufe: 1.234", "1,2k vues".
const COUNTERS: &[&str] = &[
    "views",
    "aufrufe",
    "zugriffe",
    "gelesen",
    "vues",
    "lectures",
    "visitas",
    "lecturas",
    "visualizzazioni",
    "letture",
    "visualizações",
    "leituras",
    "weergaven",
    "keer gelezen",
    "wyświetlenia",
    "wyświetleń",
    "odsłony",
    "zobrazení",
    "přečteno",
    "просмотров",
    "просмотры",
    "просмотра",
    "переглядів",
    "перегляди",
    "görüntülenme",
    "okunma",
    "visningar",
    "visninger",
    "lukukertoja",
    "閲覧数",
    "阅读",
    "閱讀",
    "浏览",
    "瀏覽",
    "조회수",
    "조회",
    "comments",
    "kommentare",
    "commentaires",
    "comentarios",
    "commenti",
    "comentários",
    "reacties",
    "komentarze",
    "komentáře",
    "комментариев",
    "коментарів",
    "yorum",
    "kommentarer",
    "kommenttia",
    "likes",
    "shares",
];

/// Words that open an image credit: "Foto: dpa", "(Image: GETTY)",
/// "Photo : BSS", "Crédit photo :".
const CREDIT_WORDS: &[&str] = &[
    "photo",
    "photos",
    "photograph",
    "image",
    "images",
    "picture",
    "pictures",
    "credit",
    "credits",
    "photo credit",
    "image credit",
    "illustration",
    "foto",
    "fotos",
    "bild",
    "bilder",
    "abbildung",
    "fotograf",
    "crédit",
    "crédits",
    "crédit photo",
    "crédito",
    "créditos",
    "fotografía",
    "fotografia",
    "imagen",
    "immagine",
    "imagem",
    "afbeelding",
    "beeld",
    "zdjęcie",
    "zdjęcia",
    "fot",
    "fot.",
    "obrázek",
    "фото",
    "фотография",
    "иллюстрация",
    "світлина",
    "fotoğraf",
    "görsel",
    "kuva",
    "billede",
    "bilde",
    "写真",
    "画像",
    "图片",
    "圖片",
    "照片",
    "사진",
    "이미지",
];

/// Photo agencies and stock libraries: a line that is only these (and
/// photographers' names with slashes) is a credit.
const AGENCIES: &[&str] = &[
    "getty images",
    "getty",
    "istock",
    "istockphoto",
    "istock.com",
    "shutterstock",
    "adobe stock",
    "stock.adobe.com",
    "alamy",
    "reuters",
    "afp",
    "ap",
    "ap photo",
    "associated press",
    "dpa",
    "picture alliance",
    "picture-alliance",
    "imago",
    "imago images",
    "epa",
    "epa-efe",
    "efe",
    "ansa",
    "anp",
    "belga",
    "keystone",
    "apa",
    "pap",
    "ritzau",
    "ntb",
    "tt",
    "lehtikuva",
    "xinhua",
    "yonhap",
    "kyodo",
    "unsplash",
    "pexels",
    "pixabay",
    "wikimedia commons",
    "tass",
    "ria novosti",
    "ukrinform",
    "aa",
    "anadolu",
    "sipa",
    "abaca",
    "maxppp",
    "europa press",
    "lusa",
];

/// Words that mark a date or time line ("Aktualisiert am", "Publié le").
const DATE_LEADS: &[&str] = &[
    "published",
    "updated",
    "posted",
    "last updated",
    "modified",
    "veröffentlicht",
    "veröffentlicht am",
    "aktualisiert",
    "aktualisiert am",
    "zuletzt aktualisiert",
    "stand",
    "erstellt",
    "erstellt am",
    "publié",
    "publié le",
    "mis à jour",
    "mis à jour le",
    "modifié le",
    "publicado",
    "publicado el",
    "publicado em",
    "actualizado",
    "actualizado el",
    "atualizado",
    "atualizado em",
    "pubblicato",
    "pubblicato il",
    "aggiornato",
    "aggiornato il",
    "gepubliceerd",
    "gepubliceerd op",
    "bijgewerkt",
    "bijgewerkt op",
    "laatst bijgewerkt",
    "opublikowano",
    "aktualizacja",
    "zaktualizowano",
    "publikováno",
    "aktualizováno",
    "опубликовано",
    "обновлено",
    "дата публикации",
    "опубліковано",
    "оновлено",
    "yayınlanma",
    "yayınlanma tarihi",
    "güncelleme",
    "güncellenme",
    "publicerad",
    "uppdaterad",
    "publiceret",
    "opdateret",
    "publisert",
    "oppdatert",
    "julkaistu",
    "päivitetty",
    "公開日",
    "更新日",
    "投稿日",
    "发布时间",
    "發布時間",
    "发布日期",
    "更新时间",
    "入力",
    "입력",
    "수정",
    "등록",
    "date",
    "datum",
    "fecha",
    "data",
    "дата",
];

/// Words that introduce an author: "Von Anna Muster", "Par Jean Dupont".
const BY_WORDS: &[&str] = &[
    "by",
    "written by",
    "posted by",
    "words by",
    "von",
    "par",
    "por",
    "di",
    "da",
    "door",
    "av",
    "af",
    "przez",
    "od",
    "autor",
    "autorin",
    "autor:",
    "autorka",
    "auteur",
    "autore",
    "yazar",
    "автор",
    "от",
    "від",
    "text",
    "texte",
    "texto",
    "testo",
    "tekst",
    "redaktion",
    "redacción",
    "rédaction",
    "redazione",
    "redação",
    "redactie",
    "redakcja",
    "kirjoittaja",
    "teksti",
    "journalist",
];

fn alternation(words: &[&str]) -> String {
    let mut sorted: Vec<&str> = words.to_vec();
    // Longest first, so "lesen sie auch" is tried before "lesen".
    sorted.sort_by_key(|w| std::cmp::Reverse(w.len()));
    sorted.dedup();
    sorted
        .iter()
        .map(|w| regex::escape(w))
        .collect::<Vec<_>>()
        .join("|")
}

fn build(pattern: String) -> Regex {
    Regex::new(&pattern).expect("built-in lexicon pattern")
}

/// Punctuation that may follow a label: colons (also full-width), dots,
/// arrows.
const TRAIL: &str = r"[\s:：.。!！…»›→|]*";

/// "More from <section>" in many languages: a heading that hands over to
/// other stories of the site.
const MORE_FROM: &str = r"(?:mehr|weitere (?:artikel|nachrichten|news|beiträge)|plus d'articles|plus d’articles|d'autres articles|más noticias|altre notizie|altri articoli|mais notícias|meer nieuws|meer|więcej|další články|ещё|еще|більше|daha fazla|fler artiklar|mere|flere artikler|lisää)\s+(?:aus|zu|zum|zur|von|über|de|du|des|sur|en|sobre|di|da|dal|su|van|over|uit|z|ze|o|из|о|з|про|om|fra|från|aiheesta)\s+.{1,40}";

/// A heading of what surrounds an article.
pub static AROUND_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    build(format!(
        r"(?i)^\s*(?:{}|{MORE_FROM}){TRAIL}$",
        alternation(AROUND_HEADINGS)
    ))
});

/// A teaser for another story: a lead-in, a separator, a headline.
pub static TEASER: LazyLock<Regex> = LazyLock::new(|| {
    build(format!(
        r"(?i)^\s*(?:{})\s*(?:$|[:：|»›→>]|\.\.\.|…|–|—|-\s)",
        alternation(TEASER_LEADINS)
    ))
});

/// A label of the furniture alone on its line.
pub static LABEL: LazyLock<Regex> =
    LazyLock::new(|| build(format!(r"(?i)^\s*(?:{}){TRAIL}$", alternation(LABELS))));

/// A prompt to subscribe, follow, register or pay.
pub static PROMPT: LazyLock<Regex> = LazyLock::new(|| {
    build(format!(
        r"(?i)^\s*[¡¿]?(?:{})(?:$|[\s:：,.!?！？])",
        alternation(PROMPTS)
    ))
});

/// Cookie notices, found as substrings of the lower-cased text (a phrase
/// anywhere in a short block), all phrases in one pass.
static COOKIE: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::new(COOKIE_PHRASES).expect("built-in cookie phrases")
});

/// True when `text` holds a cookie notice's phrase.
fn is_cookie_notice(text: &str) -> bool {
    COOKIE.is_match(&text.to_lowercase())
}

/// A view, comment or share counter.
pub static COUNTER: LazyLock<Regex> = LazyLock::new(|| {
    let words = alternation(COUNTERS);
    build(format!(
        r"(?i)^\s*(?:(?:{words})\s*[:：]?\s*\d[\d.,\s]*[kmкм]?|\d[\d.,\s]*[kmкм]?\s*(?:{words}))\s*$"
    ))
});

/// An image credit.
pub static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    let words = alternation(CREDIT_WORDS);
    let agencies = alternation(AGENCIES);
    build(format!(
        r"(?i)^\s*[(\[]?\s*(?:(?:{words})\s*(?:[:：©/|]|\s[-–—]\s|\s(?:by|von|de|par|di|da|door|av|af)\s)\s*[^.!?]+|(?:©|\(c\)|copyright)\s*[^.!?]+|(?:{agencies})(?:\s*(?:[/|,;&]|via|for|/\s*\w+)\s*[\p{{L}}.'’ -]*){{0,4}})\s*[)\]]?\s*$"
    ))
});

/// Month names and weekdays are letters; the shapes of dates are the same
/// across the languages that write them with words.
const MONTH: &str = r"\p{L}{3,12}\.?";

/// A line that is only a date or time, with an optional lead ("Publié le").
pub static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let leads = alternation(DATE_LEADS);
    let lead = format!(r"(?:(?:{leads})\s*(?:am|le|el|em|il|op|on|at|den)?\s*[:：]?\s*)?");
    let weekday = r"(?:\p{L}{2,12}\.?,?\s+)?";
    let day_month_year = format!(
        r"\d{{1,2}}\.?\s*(?:de\s+)?{MONTH}\s*(?:de\s+)?,?\s*\d{{4}}\s*(?:г\.?|года|р\.?|року)?"
    );
    let month_day_year = format!(r"{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}");
    let numeric = [
        r"\d{4}-\d{2}-\d{2}(?:[tT\s]\d{2}:\d{2}\S*)?",
        r"\d{1,2}[./-]\s?\d{1,2}[./-]\s?\d{2,4}\.?",
        r"\d{4}\s*[年./-]\s*\d{1,2}\s*[月./-]\s*\d{1,2}\s*[日.]?",
        r"\d{1,2}\s*月\s*\d{1,2}\s*日",
    ]
    .join("|");
    let time = r"(?:\s*[,|·•/-]?\s*(?:um|à|a las|alle|às|om|o|в|о|kl\.?|klo|at)?\s*\d{1,2}[:.h]\d{2}(?::\d{2})?\s*(?:uhr|h|am|pm|horas|ч|год|mesz|mez|cet|cest|utc|gmt)?)?";
    build(format!(
        r"(?i)^\s*{lead}{weekday}(?:{day_month_year}|{month_day_year}|{numeric}){time}\s*$"
    ))
});

/// "Von Anna Muster", "Par Jean Dupont et Marie Curie", "Autor: Jan Nowak".
pub static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    build(format!(
        r"^\s*(?i:{})\s*[:：]?\s+(?:\p{{Lu}}[\p{{L}}.'’-]*\s*){{1,4}}(?:(?:,|&|\||(?:and|und|et|y|e|en|i|и|і|ve|och|og|ja)\s)\s*.*)?$",
        alternation(BY_WORDS)
    ))
});

/// Page furniture recognised by its words, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Furniture {
    /// A label alone on its line: share, print, advertisement, comments.
    Label,
    /// A heading of related stories, comments, newsletters.
    Heading,
    /// A lead-in and the headline of another story.
    Teaser,
    /// A prompt to subscribe, follow, register or pay.
    Prompt,
    /// A cookie notice.
    Cookie,
    /// A view or comment counter.
    Counter,
    /// An image credit.
    Credit,
    /// A byline or a date.
    BylineOrDate,
}

impl Furniture {
    /// How `thresh rules explain` names it.
    pub fn reason(self) -> &'static str {
        match self {
            Furniture::Label => "share, print, ad or comment label",
            Furniture::Heading => "heading of related stories or comments",
            Furniture::Teaser => "teaser for another story",
            Furniture::Prompt => "subscribe, follow or paywall prompt",
            Furniture::Cookie => "cookie notice",
            Furniture::Counter => "view or comment counter",
            Furniture::Credit => "image credit",
            Furniture::BylineOrDate => "byline or date line",
        }
    }
}

/// Lines of up to this many words may be labels, headings, counters,
/// bylines or dates.
pub const LABEL_MAX_WORDS: u32 = 12;

/// The longest label, heading, counter, byline or date line, in characters.
const LABEL_MAX_CHARS: usize = 120;

/// The longest teaser, prompt or credit, in characters.
const TEASER_MAX_CHARS: usize = 300;

/// Lines of up to this many words may be teasers, prompts or credits.
pub const TEASER_MAX_WORDS: u32 = 40;

/// Blocks of up to this many words may be cookie notices.
pub const COOKIE_MAX_WORDS: u32 = 150;

/// What a block of `words` words reading `text` is, if it is furniture
/// by its words. `bylines` is false where bylines are content (a forum
/// post's author line).
pub fn furniture(text: &str, words: u32, bylines: bool) -> Option<Furniture> {
    // The patterns are anchored at the start and leave the length to this
    // test: bounded repeats of `.` make large automata, and most blocks
    // fail on their first words anyway.
    let chars = text.chars().count();
    if words <= LABEL_MAX_WORDS && chars <= LABEL_MAX_CHARS {
        if LABEL.is_match(text) {
            return Some(Furniture::Label);
        }
        if AROUND_HEADING.is_match(text) {
            return Some(Furniture::Heading);
        }
        if COUNTER.is_match(text) {
            return Some(Furniture::Counter);
        }
        if bylines && is_byline_or_date(text) {
            return Some(Furniture::BylineOrDate);
        }
    }
    if words <= TEASER_MAX_WORDS && chars <= TEASER_MAX_CHARS {
        if TEASER.is_match(text) {
            return Some(Furniture::Teaser);
        }
        if PROMPT.is_match(text) {
            return Some(Furniture::Prompt);
        }
        if CREDIT.is_match(text) {
            return Some(Furniture::Credit);
        }
    }
    if words <= COOKIE_MAX_WORDS && is_cookie_notice(text) {
        return Some(Furniture::Cookie);
    }
    None
}

/// True when `text`, a line of at most a few words, is a byline, a date, or
/// both side by side ("Anna Muster | 12.03.2024", "Von Jan Nowak · 5 min").
pub fn is_byline_or_date(text: &str) -> bool {
    let parts: Vec<&str> = text
        .split(['|', '·', '•', '—', '–'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return false;
    }
    let dated = parts.iter().any(|p| DATE.is_match(p) || BYLINE.is_match(p));
    dated
        && parts
            .iter()
            .all(|p| DATE.is_match(p) || BYLINE.is_match(p) || COUNTER.is_match(p) || is_name(p))
}

/// A person's or an outlet's name: one to four capitalised words.
fn is_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (1..=4).contains(&words.len())
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles() {
        for re in [
            &AROUND_HEADING,
            &TEASER,
            &LABEL,
            &PROMPT,
            &COUNTER,
            &CREDIT,
            &DATE,
            &BYLINE,
        ] {
            assert!(!re.is_match("x"), "{}", re.as_str());
        }
    }

    #[test]
    fn headings_around_an_article() {
        for h in [
            "Das könnte Sie auch interessieren",
            "Mehr zum Thema:",
            "À lire aussi",
            "Noticias relacionadas",
            "関連記事",
            "相关阅读",
            "Читайте также",
            "Lees ook",
        ] {
            assert!(AROUND_HEADING.is_match(h), "{h}");
        }
        assert!(AROUND_HEADING.is_match("Mehr aus Thüringen"));
        assert!(!AROUND_HEADING
            .is_match("Mehr zum Thema Klimawandel in Bayern und was die Regierung daraus folgert"));
    }

    #[test]
    fn teasers_labels_and_prompts() {
        for t in [
            "Lesen Sie auch: Wie der Winter die Ernte rettete",
            "Zum Weiterlesen: Der neue Haushalt",
            "LIRE AUSSI - Le gouvernement présente son budget",
            "Czytaj też: Nowe przepisy od stycznia",
            "Читайте также: Новый закон вступил в силу",
        ] {
            assert!(TEASER.is_match(t), "{t}");
        }
        for l in [
            "Teilen",
            "Anzeige",
            "Externer Inhalt",
            "Von:",
            "Partager",
            "広告",
            "Reklama",
        ] {
            assert!(LABEL.is_match(l), "{l}");
        }
        for p in [
            "¡Mira lo que tiene nuestro canal de YouTube!",
            "Abonnez-vous à notre newsletter pour recevoir l'essentiel",
            "Jetzt abonnieren und weiterlesen",
        ] {
            assert!(PROMPT.is_match(p), "{p}");
        }
        // Prose that starts like a label is not one.
        assert!(!LABEL.is_match("Teilen ist das neue Haben, sagen die Gründer."));
        assert!(!TEASER.is_match("Mehr als 300 Menschen kamen zum Fest."));
    }

    #[test]
    fn counters_credits_dates_and_bylines() {
        for c in [
            "Aufrufe: 1.234",
            "1,2k vues",
            "1234 просмотров",
            "조회수 120",
        ] {
            assert!(COUNTER.is_match(c), "{c}");
        }
        for c in [
            "(Image: GETTY)",
            "Photo : BSS",
            "Foto: dpa/Michael Kappeler",
            "Getty Images/iStockphoto",
            "(crédito: Reuters)",
            "© Shutterstock",
            "Bild: Keystone",
            "写真：共同",
        ] {
            assert!(CREDIT.is_match(c), "{c}");
        }
        assert!(!CREDIT.is_match("Photos show the river rising over the old town walls."));
        for d in [
            "12. März 2024",
            "12 mars 2024 à 14h30",
            "Publicado el 3 de mayo de 2023",
            "Aktualisiert am 12.03.2024, 14:30 Uhr",
            "2024年3月12日",
            "2024.03.12",
            "5 июня 2023 г.",
        ] {
            assert!(DATE.is_match(d), "{d}");
        }
        for b in [
            "Von Anna Muster",
            "Par Jean Dupont",
            "Autor: Jan Nowak",
            "Anna Muster | 12.03.2024",
        ] {
            assert!(is_byline_or_date(b), "{b}");
        }
        assert!(!is_byline_or_date("Von Berlin nach Hamburg fährt der Zug."));
        assert!(!is_byline_or_date("Anna Muster"));
    }
}
