//! The sources of every built-in text and URL pattern, and the word lists
//! they are made of: the one place to read or change what the extractor
//! recognises by its words. (Class and id words are in the parent module;
//! rule files, `selectors/_global.toml` included, hold what is specific to
//! sites or phrased as a site would.)
//!
//! Nothing here is compiled when the program runs: `build.rs` includes this
//! file, turns each pattern into a DFA and embeds it (see `patterns`), so
//! a one-page run pays nothing for them. That is why this file uses no
//! crate and why its patterns avoid counted repeats of `.`, `\w` or
//! `\p{L}` (`.{0,40}`): each copy multiplies the automaton; lengths are
//! tested by the callers instead (`furniture`'s word and character limits).
//!
//! Lexicon lists (teasers, labels, prompts, credits...) cover en, de, fr,
//! es, it, pt, nl, pl, cs, ru, uk, tr, sv, da, no, fi, ja, zh and ko, and
//! are applied whatever the page's language: a German page declared
//! `lang="en"` still has German furniture, and a phrase of one language is
//! rarely a whole line of another's article.

/// Headings of what surrounds an article: related stories, more on the
/// topic, comments, newsletters. A block so headed is not the article.
pub const AROUND_HEADINGS: &[&str] = &[
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
    // more of the same, and comment sections before the first comment
    "noch mehr infos für dich",
    "noch mehr infos",
    "mehr infos für dich",
    "weitere empfehlungen",
    "das thema könnte dich auch interessieren",
    "das thema könnte sie auch interessieren",
    "diese artikel könnten dich auch interessieren",
    "diese artikel könnten sie auch interessieren",
    "diese artikel könnten dich ebenfalls interessieren",
    "diese artikel könnten sie ebenfalls interessieren",
    "das könnte euch auch interessieren",
    "könnte dich auch interessieren",
    "noch keine kommentare",
    "keine kommentare",
    "schreibe einen kommentar",
    "hinterlasse einen kommentar",
    "kommentar verfassen",
    "beliebte artikel",
    "viel gelesen",
    "meistgelesen",
    "aucun commentaire",
    "pas encore de commentaire",
    "sin comentarios",
    "nessun commento",
    "sem comentários",
    "geen reacties",
    "brak komentarzy",
    "también le puede interesar",
    "le puede interesar",
    "le podría interesar",
    "quizás te interese",
    "te puede gustar",
    "no responses yet",
    "no responses so far",
    "no response so far",
    "no comments yet",
    // en: only what always leads away (the broader English headings,
    // "Reviews", "Trending", are in `EN_AROUND_HEADING`, for heading
    // elements)
    "you may also like",
    "you might also like",
    "you may also enjoy",
    "you might also enjoy",
    "what others are reading",
    "what other people are reading",
    "people also read",
    "readers also read",
];

/// Lead-ins of a teaser for another story: "Lesen Sie auch: <headline>".
/// With a separator after them, or alone, they always lead away.
pub const TEASER_LEADINS: &[&str] = &[
    "read also",
    "also read",
    "see also",
    "read more",
    "more",
    "you might also like",
    "you may also like",
    "you might like",
    "you may like",
    "related",
    "related article",
    "related story",
    "related post",
    "read next",
    "don't miss",
    "don’t miss",
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
    // more lead-ins
    "lesen sie hier",
    "hier lesen",
    "lies hier",
    "hier weiterlesen",
    "lesen sie dazu",
    "lesen sie dazu auch",
    "mehr dazu hier",
    "lire également",
    "lisez également",
    "à lire",
    "à voir aussi",
    "vea también",
    "vea además",
    "mira también",
    "le puede interesar",
    "también le puede interesar",
    "le recomendamos",
    "lea más",
    "da non perdere",
    "veja ainda",
    "przeczytaj",
    "читайте больше",
];

/// Words that, alone on a line, can only be a label of the page's
/// furniture: share, print, follow, advertising, comments.
pub const LABELS: &[&str] = &[
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
    // a sponsor's label over its logo
    "in partnership with",
    "presented by",
    "sponsored by",
    "brought to you by",
    "in zusammenarbeit mit",
    "präsentiert von",
    "en partenariat avec",
    "en colaboración con",
    "in collaborazione con",
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
    // consent buttons and the title of a consent box
    "cookie consent",
    "cookie settings",
    "cookie preferences",
    "manage cookies",
    "accept cookies",
    "accept all cookies",
    "reject all cookies",
    "cookie-einstellungen",
    "cookie-einwilligung",
    "paramètres des cookies",
    "configuración de cookies",
    "impostazioni cookie",
    // back links, sharing and contact labels
    "jetzt teilen",
    "teilen sie diesen artikel",
    "erschienen in",
    "zurück",
    "zurück zur übersicht",
    "zurück zur startseite",
    "zurück zur liste",
    "bild schließen",
    "bilder schließen",
    "kontakt",
    "pressekontakt",
    "ansprechpartner",
    "ansprechpartnerin",
    "weitere informationen",
    "zusatzinformationen",
    "weiterführende informationen",
    "weiterführende links",
    "mehr informationen",
    "retour",
    "retour à la liste",
    "contact presse",
    "plus d'informations",
    "compartir nota",
    "compartir noticia",
    "compartir artículo",
    "volver",
    "más información",
    "indietro",
    "torna indietro",
    "per informazioni",
    "voltar",
    "mais informações",
    "terug",
    "meer informatie",
    "wstecz",
    "powrót",
    "więcej informacji",
    "zpět",
    "další informace",
    "назад",
    "подробная информация",
    "детальніше",
    "geri",
    "daha fazla bilgi",
    "tillbaka",
    "mer information",
    "tilbage",
    "mere information",
    "tilbake",
    "mer informasjon",
    "takaisin",
    "lisätietoja",
    "戻る",
    "返回",
    "뒤로",
];

/// Prompts with a tail: newsletter and subscription pitches, paywalls,
/// follow invitations, calls to comment. A short line opening with one is
/// furniture, whatever follows.
pub const PROMPTS: &[&str] = &[
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
    "join to see",
    "join to view",
    "sign up to see",
    "sign up to view",
    "sign in to see",
    "sign in to view",
    "log in to see",
    "log in to view",
    "login to see",
    "login to view",
    "register to see",
    "register to view",
    "you're browsing",
    "you’re browsing",
    "you are browsing",
    "to view the full story",
    "to read the full story",
    "to read the full article",
    "to continue reading",
    "if you're seeing this message",
    "if you’re seeing this message",
    "already a subscriber",
    "first-time subscribers",
    // support pleas and disclosures
    "wenn ihnen unser artikel gefallen hat",
    "wenn dir unser artikel gefallen hat",
    "wenn ihnen dieser artikel gefallen hat",
    "wenn dir dieser artikel gefallen hat",
    "hat ihnen der artikel gefallen",
    "hat dir der artikel gefallen",
    "gefällt ihnen unser",
    "gefällt dir unser",
    "unterstützen sie uns",
    "unterstützen sie diese",
    "unterstütze uns",
    "lust auf mehr",
    "werden sie mitglied",
    "jetzt mitglied werden",
    "verraten sie uns",
    "verraten sie gerne",
    "schreiben sie uns",
    "soutenez-nous",
    "soutenez notre",
    "cet article vous a plu",
    "apóyanos",
    "apoya nuestro",
    "puede escribirnos",
    "puedes escribirnos",
    "escríbenos",
    "sostienici",
    "sostieni",
    "apoie o",
    "apoie nosso",
    "steun ons",
    "wesprzyj nas",
    "zapraszamy do subskrypcji",
    "zapraszamy też do subskrypcji",
    "zapraszamy również do subskrypcji",
    "zapraszamy także do subskrypcji",
    "podpořte nás",
    "поддержите нас",
    "підтримайте нас",
    "bizi destekleyin",
    "stöd oss",
    "støt os",
    "støtt oss",
    "tue meitä",
];

/// Notices that open a line about the page rather than its subject:
/// advertising and affiliate disclosures, licence lines, a blog engine's
/// "filed under" line. A line of up to [`NOTICE_MAX_WORDS`] opening with
/// one is furniture, whatever follows.
pub const NOTICES: &[&str] = &[
    // advertising and affiliate disclosures
    "*werbung",
    "*anzeige",
    "[werbung]",
    "[anzeige]",
    "(werbung)",
    "(anzeige)",
    "werbung:",
    "anzeige:",
    "dieser beitrag enthält",
    "dieser artikel enthält",
    "dieser artikel kann links",
    "this post contains",
    "this article contains",
    "this post may contain",
    "this article may contain",
    "cet article contient",
    "cet article peut contenir",
    "este artículo contiene",
    "este artículo puede contener",
    "questo articolo contiene",
    "questo articolo può contenere",
    "este artigo contém",
    "este artigo pode conter",
    "dit artikel bevat",
    "ten artykuł zawiera",
    "artykuł zawiera linki",
    "tento článek obsahuje",
    "эта статья содержит",
    "ця стаття містить",
    "den här artikeln innehåller",
    "denne artikel indeholder",
    "denne artikkelen inneholder",
    "tämä artikkeli sisältää",
    "本記事には",
    "この記事には",
    "本文包含",
    // licences
    "dieser text wurde veröffentlicht unter",
    "dieser text steht unter",
    "dieser beitrag steht unter",
    "dieser artikel steht unter",
    "sofern nicht anders ausgewiesen",
    "sofern nicht anders angegeben",
    "soweit nicht anders angegeben",
    "unless otherwise noted",
    "unless otherwise stated",
    "unless otherwise indicated",
    "this work is licensed under",
    "this article is licensed under",
    "sauf mention contraire",
    "salvo que se indique lo contrario",
    "salvo indicación contraria",
    "salvo diversa indicazione",
    "salvo indicação em contrário",
    "tenzij anders vermeld",
    "o ile nie zaznaczono inaczej",
    "pokud není uvedeno jinak",
    "если не указано иное",
    "якщо не зазначено інше",
    "aksi belirtilmedikçe",
    "om inte annat anges",
    "medmindre andet er angivet",
    "med mindre annet er oppgitt",
    "ellei toisin mainita",
    // a blog engine's line under the post
    "this entry was posted in",
    "this entry was posted on",
    "this entry was filed under",
    "dieser eintrag wurde veröffentlicht",
    "dieser beitrag wurde veröffentlicht",
    "dieser eintrag wurde am",
    "dieser beitrag wurde am",
    "ce message a été publié",
    "cette entrée a été publiée",
    "esta entrada fue publicada",
    "esta entrada se publicó",
    "questa voce è stata pubblicata",
    "questo articolo è stato pubblicato",
    "esta entrada foi publicada",
    "este post foi publicado",
    "dit bericht is geplaatst",
    "dit item is geplaatst",
    "ten wpis został opublikowany",
    "wpis został opublikowany",
    "tento příspěvek byl publikován",
    "эта запись опубликована",
    "запись опубликована",
    "цей запис опубліковано",
    "detta inlägg publicerades",
    "dette indlæg blev udgivet",
    "dette innlegget ble publisert",
    "tämä artikkeli julkaistiin",
];

/// The most words of a notice line (disclosures run to a few sentences).
pub const NOTICE_MAX_WORDS: u32 = 80;

/// Notes of a comment form's fields ("E-Mail (wird nicht veröffentlicht)"),
/// found anywhere in a line of a few words.
pub const FORM_NOTES: &[&str] = &[
    "(required)",
    "(will not be published)",
    "(not published)",
    "(wird benötigt",
    "(wird nicht veröffentlicht)",
    "nicht veröffentlicht)",
    "(erforderlich)",
    "(pflichtfeld)",
    "(obligatoire)",
    "(ne sera pas publié",
    "(obligatorio)",
    "(no será publicado)",
    "(obbligatorio)",
    "(non sarà pubblicat",
    "(obrigatório)",
    "(não será publicado)",
    "(verplicht)",
    "(wordt niet gepubliceerd)",
    "(wymagane)",
    "(nie zostanie opublikowany)",
    "(povinné)",
    "(nebude zveřejněn",
    "(обязательно)",
    "(не публикуется)",
    "(обов'язково)",
    "(не публікується)",
    "(zorunlu)",
    "(yayınlanmayacak)",
    "(obligatorisk)",
    "(publiceras inte)",
    "(påkrævet)",
    "(offentliggøres ikke)",
    "(påkrevd)",
    "(publiseres ikke)",
    "(pakollinen)",
    "(ei julkaista)",
    "（必須）",
    "（公開されません）",
    "（必填）",
    "（必填）",
    "(필수)",
];

/// Invitations to join, follow or download, found anywhere in a short
/// line that names a messaging channel or the app stores.
pub const CHANNEL_CALLS: &[&str] = &[
    "join",
    "follow",
    "download",
    "subscribe",
    "get the",
    "get our",
    "únete",
    "unete",
    "síguenos",
    "descarga",
    "suscríbete",
    "tritt",
    "folge",
    "folgen sie",
    "abonniere",
    "lade",
    "laden sie",
    "herunterladen",
    "jetzt kostenlos",
    "einfach digital",
    "rejoignez",
    "rejoins",
    "suivez",
    "téléchargez",
    "unisciti",
    "seguici",
    "scarica",
    "entre no",
    "junte-se",
    "siga",
    "baixe",
    "word lid",
    "volg",
    "download de",
    "dołącz",
    "obserwuj",
    "pobierz",
    "připojte",
    "sledujte",
    "stáhněte",
    "присоединяйтесь",
    "подписывайтесь",
    "скачайте",
    "приєднуйтесь",
    "підписуйтесь",
    "завантажте",
    "katıl",
    "takip et",
    "indir",
    "gå med",
    "följ",
    "ladda ner",
    "tilmeld",
    "følg",
    "last ned",
    "liity",
    "seuraa",
    "lataa",
    "参加",
    "フォロー",
    "ダウンロード",
    "加入",
    "关注",
    "下载",
    "참여",
    "팔로우",
    "다운로드",
];

/// Invitations to get a site's app, found anywhere in a short line that
/// names the app stores: the reader addressed, not apps described.
pub const APP_CALLS: &[&str] = &[
    "download the",
    "download our",
    "get the",
    "get our",
    "install the",
    "install our",
    "lade dir",
    "laden sie sich",
    "holen sie sich",
    "hol dir",
    "jetzt kostenlos",
    "einfach digital",
    "jetzt herunterladen",
    "téléchargez",
    "télécharge",
    "descarga la",
    "descarga nuestra",
    "descargue",
    "descárgate",
    "scarica l'app",
    "scarica la nostra",
    "baixe o",
    "baixe a",
    "baixe nosso",
    "download de app",
    "pobierz aplikację",
    "pobierz naszą",
    "stáhněte si",
    "скачайте",
    "завантажте",
    "uygulamamızı indir",
    "ladda ner appen",
    "hent appen",
    "last ned appen",
    "lataa sovellus",
    "アプリをダウンロード",
    "下载app",
    "下载客户端",
    "앱 다운로드",
];

/// Cookie notices: these phrases, anywhere in a short block.
pub const COOKIE_PHRASES: &[&str] = &[
    // en: what consent banners say, not what a cookie policy explains
    // ("We use cookies to..." opens many a policy's paragraph).
    "you agree to the storing of cookies",
    "you agree to our use of cookies",
    "you agree to the use of cookies",
    "you consent to our use of cookies",
    "you consent to the use of cookies",
    "you accept our use of cookies",
    "this website uses cookies",
    "this site uses cookies",
    "our website uses cookies",
    "with our cookies we would like",
    "when cookies are disabled",
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
pub const COUNTERS: &[&str] = &[
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
    // totals
    "kommentare insgesamt",
    "kommentare gesamt",
    "antworten",
    "replies",
    "réponses",
    "respuestas",
    "risposte",
    "respostas",
];

/// Words that open an image credit: "Foto: dpa", "(Image: GETTY)",
/// "Photo : BSS", "Crédit photo :".
pub const CREDIT_WORDS: &[&str] = &[
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
    // named picture slots and sources
    "titelbild",
    "beitragsbild",
    "headerbild",
    "vorschaubild",
    "teaserbild",
    "bildquelle",
    "bildquellen",
    "bildnachweis",
    "bildnachweise",
    "bildrechte",
    "fotonachweis",
    "fotoquelle",
    "fotos",
    "photo credits",
    "crédits photos",
    "crédits photo",
    "crédit photos",
    "image illustrative",
    "photo d'illustration",
    "foto de archivo",
    "fuente de la imagen",
    "foto di",
    "fonte immagine",
    "fonte da imagem",
    "beeldbron",
    "fotobron",
    "źródło zdjęcia",
    "zdroj foto",
    "источник фото",
    "джерело фото",
    "fotoğraf kaynağı",
    "bildkälla",
    "fotokilde",
    "kuvalähde",
    "出典",
    "图片来源",
    "圖片來源",
    "사진 출처",
];

/// Photo agencies and stock libraries: a line that is only these (and
/// photographers' names with slashes) is a credit.
pub const AGENCIES: &[&str] = &[
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
pub const DATE_LEADS: &[&str] = &[
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
    // more date leads
    "veröffentlichung",
    "datum der veröffentlichung",
    "erschienen am",
    "verfügbar bis",
    "video verfügbar bis",
    "online seit",
    "zuletzt geändert",
    "letzte änderung",
    "geändert am",
    "last modified",
    "date de publication",
    "fecha de publicación",
    "data di pubblicazione",
    "data de publicação",
    "publicatiedatum",
    "data publikacji",
    "datum publikace",
    "yayın tarihi",
    "publiceringsdatum",
    "julkaisupäivä",
];

/// Words that introduce an author: "Von Anna Muster", "Par Jean Dupont".
pub const BY_WORDS: &[&str] = &[
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

/// One named pattern, as `build.rs` compiles it.
pub struct Source {
    /// The name of the static the pattern becomes (`patterns::LABEL`).
    pub name: &'static str,
    /// Whether a match must start at the start of the text (faster, and all
    /// line patterns are), rather than anywhere in it (URL patterns).
    pub anchored: bool,
    /// The regular expression, in the `regex` crate's syntax.
    pub pattern: String,
}

/// Escapes the characters that mean something in a pattern.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The words as one alternation, longest first, so "lesen sie auch" is tried
/// before "lesen".
fn alternation(words: &[&str]) -> String {
    let mut sorted: Vec<&str> = words.to_vec();
    sorted.sort_by_key(|w| std::cmp::Reverse(w.len()));
    sorted.dedup();
    sorted
        .iter()
        .map(|w| escape(w))
        .collect::<Vec<_>>()
        .join("|")
}

/// Punctuation that may follow a label: colons (also full-width), dots,
/// arrows.
const TRAIL: &str = r"[\s:：.。!！…»›→|]*";

/// "More from <section>" in many languages: a heading that hands over to
/// other stories of the site. The section's name is a few words (words, not
/// characters: a counted repeat of `.` makes a large automaton).
const MORE_FROM: &str = r"(?:mehr|weitere (?:artikel|nachrichten|news|beiträge)|plus d'articles|plus d’articles|d'autres articles|más noticias|altre notizie|altri articoli|mais notícias|meer nieuws|meer|więcej|další články|ещё|еще|більше|daha fazla|fler artiklar|mere|flere artikler|lisää)\s+(?:aus|zu|zum|zur|von|über|de|du|des|sur|en|sobre|di|da|dal|su|van|over|uit|z|ze|o|из|о|з|про|om|fra|från|aiheesta)\s+\S+(?:\s+\S+){0,3}";

/// "More <things> ...", "Alle Nachrichten zum ...", "Entdecke weitere ...":
/// a heading that offers more of the site's stories, videos or tips. The
/// things are nouns of what sites list (a compound ending in one counts:
/// "Tourentipps"), so "Weitere Proteste in Hamburg" stays a heading of the
/// story; then an optional place or topic of a few words.
const MORE_OF: &str = r"(?:noch mehr|mehr|weitere|alle|entdecke weitere|entdecken sie weitere|entdecke mehr|entdecken sie mehr|plus d'|plus de|d'autres|tous les|toutes les|découvrez d'autres|découvrez nos|más|otros|otras|todas las|todos los|descubre más|descubre otros|altri|altre|tutti gli|tutte le|scopri altri|scopri altre|mais|outros|outras|todas as|todos os|meer|andere|alle|ontdek meer|więcej|inne|wszystkie|další|všechny|ещё|еще|другие|все|більше|інші|усі|daha fazla|diğer|tüm|fler|andra|alla|flere|andre|alle|lisää|muut|kaikki)\s*\p{L}*(?:artikel|beiträge|themen|nachrichten|news|meldungen|infos|informationen|tipps|kolumnen|videos|bilder|rezepte|storys|stories|geschichten|berichte|reportagen|interviews|ratgeber|tests|articles|actualités|actus|vidéos|recettes|conseils|idées|artículos|noticias|recetas|consejos|ideas|articoli|notizie|ricette|consigli|artigos|notícias|receitas|dicas|artikelen|nieuws|recepten|tips|artykuły|artykułów|wiadomości|przepisy|przepisów|porady|články|zprávy|recepty|статьи|новости|рецепты|статті|новини|рецепти|haberler|haber|yazılar|tarifler|artiklar|nyheter|recept|artikler|nyheder|opskrifter|oppskrifter|artikkelit|uutiset|reseptit)(?:\s+(?:aus|zu|zum|zur|von|vom|über|auf|bei|in|im|für|de|du|des|sur|en|sobre|di|da|dal|su|van|over|uit|op|z|ze|o|na|из|о|по|з|про|на|om|fra|från|på|i|aiheesta)\s+\S+(?:\s+\S+){0,3})?";

/// "Más sobre <section>", "Viel gelesen in <section>": more of, or the most
/// read of, a part of the site (not English: "More about" heads a
/// service's own sections).
const MORE_ABOUT: &str = r"(?:mehr über|plus sur|más sobre|mais sobre|più su|meer over|więcej o|více o|больше о|більше про|viel gelesen in|meistgelesen in|am meisten gelesen in|les plus lus dans|lo más leído en|i più letti in|mais lidas em|meest gelezen in|najczęściej czytane w|nejčtenější z|самое читаемое в|mest lästa i|mest læste i|mest leste i|luetuimmat)\s+\S+(?:\s+\S+){0,3}";

/// "<These articles> may interest you (too)", in its German word orders:
/// the verb and pronoun vary more than a list can hold.
const MAY_INTEREST: &str = r"(?:(?:das|dieses|diese|dieser|folgende|folgendes)\s+(?:\p{L}+\s+)?)?(?:könnte|könnten|dürfte|dürften)\s+(?:sie|dich|euch)\s+(?:auch\s+|ebenfalls\s+|außerdem\s+|noch\s+)?interessieren";

/// "You may be interested in the following topics as well": other
/// stories follow, whatever the words after "in".
const EN_MAY_INTEREST: &str = r"you\s+(?:may|might)\s+(?:also\s+)?be\s+interested\s+in(?:\s+(?:these|this|the\s+following|our|other|more)(?:\s+\S+){0,3})?";

/// A read-also lead-in with a few words and a colon: "Lesen Sie auch die
/// folgenden Beiträge:", "Czytaj także nasze artykuły:": a heading of
/// teasers, as no sentence of a story ends in a colon so early.
const READ_ALSO_THESE: &str = r"(?:lesen sie (?:auch|außerdem|mehr)|lies auch|read also|also read|see also|lire aussi|à lire aussi|voir aussi|lee también|lea también|vea también|leggi anche|vedi anche|leia também|veja também|lees ook|zie ook|czytaj (?:też|także|również)|zobacz (?:też|także|również)|čtěte také|читайте также|смотрите также|читайте також|läs även|läs också|læs også|les også|lue myös)(?:\s+\S+){1,5}\s*[:：]";

/// Month names and weekdays are letters; the shapes of dates are the same
/// across the languages that write them with words.
const MONTH: &str = r"\p{L}{3,}\.?";

/// Every built-in pattern.
pub fn all() -> Vec<Source> {
    let line = |name, pattern: String| Source {
        name,
        anchored: true,
        pattern,
    };
    let anywhere = |name, pattern: &str| Source {
        name,
        anchored: false,
        pattern: pattern.to_owned(),
    };
    let mut all = vec![
        // A heading of what surrounds an article, in many languages.
        line(
            "AROUND_HEADING",
            format!(
                r"(?i)^\s*(?:{}|{MORE_FROM}|{EN_MAY_INTEREST}){TRAIL}$",
                alternation(AROUND_HEADINGS)
            ),
        ),
        // A heading offering more of the site ("Weitere Tourentipps in
        // Schweden", "Lesen Sie auch die folgenden Beiträge:"): as a line it
        // is furniture; the section under it goes only when it is links.
        line(
            "MORE_HEADING",
            format!(r"(?i)^\s*(?:{MORE_OF}|{MAY_INTEREST}|{READ_ALSO_THESE}|{MORE_ABOUT}){TRAIL}$"),
        ),
        // A teaser for another story: a lead-in, a separator, a headline.
        line(
            "TEASER",
            format!(
                r"(?i)^\s*(?:{})\s*(?:$|[:：|»›→>]|\.\.\.|…|–|—|-\s)",
                alternation(TEASER_LEADINS)
            ),
        ),
        // A label of the furniture alone on its line.
        line(
            "LABEL",
            format!(r"(?i)^\s*(?:{}){TRAIL}$", alternation(LABELS)),
        ),
        // The line a mobile app signs a forum post with: "Sent from my
        // SM-G991B using Tapatalk", "Gesendet von meinem iPhone mit
        // Tapatalk" (its length is the caller's test).
        line(
            "SIGNATURE",
            r"(?i)^\s*(?:sent from my|gesendet von meinem|gesendet von meiner|enviado desde mi|enviado de mi|envoyé de mon|envoyé depuis mon|inviato dal mio|inviato dalla mia|enviado do meu|enviado a partir do meu|verzonden vanaf mijn|verstuurd vanaf mijn|wysłane z mojego|wysłane z mojej|odesláno z mého|отправлено с моего|надіслано з мого|skickat från min|sendt fra min|lähetetty laitteesta)\s+\S[^\n]*$".to_owned(),
        ),
        // The words of a link that moves within the page ("Back to top",
        // "Jump to review", "Skip listing", "Zurück nach oben"): asked
        // only of links to a fragment of the page itself, where a docs
        // page's own sections may be "Return values" or "Skip lists".
        line(
            "IN_PAGE_JUMP",
            r"(?i)^[\s<←↑^«‹]*(?:(?:back|jump|go|return|scroll)\s+(?:to|up|down|back)|skip\s+(?:to|past|ahead|over|this|the|listing|images?|ad|ads|advertisement|navigation|content|products?)|zurück|nach oben|springe (?:zu|zum|zur)|retour|revenir|aller (?:à|au)|passer (?:à|au)|volver|ir (?:a|al|para)|saltar (?:a|al)|torna|vai (?:a|al)|salta (?:a|al)|voltar|pular para|terug|ga naar|spring naar|powrót|wróć|przejdź do|zpět|přejít na|назад|перейти к|tillbaka|hoppa till|tilbage|tilbake|hopp til)(?:\s|$)".to_owned(),
        ),
        // A contact line under a press release: "Telefon: +49 30 1234",
        // "E-Mail: presse@example.org".
        line(
            "CONTACT",
            r"(?i)^\s*(?:telefon|tel|phone|fax|telefax|mobil|mobile|handy|e-mail|email|mail|téléphone|tél|teléfono|telefono|telefone|telefoon|telefonu|телефон|тел|puhelin|電話|电话|전화)\.?\s*[:：]\s*(?:\+?[\d\s()./-]+\d|\S+@\S+)\s*$".to_owned(),
        ),
        // The source a story was taken from, on its own line: "Quelle: dpa,
        // 2. Februar 2022" (not English: "Sources:" heads a guide's
        // reading list).
        line(
            "SOURCE",
            r"(?i)^\s*(?:quelle|quellen|fuente|fuentes|fonte|fonti|bron|bronnen|źródło|zdroj|источник|джерело|kaynak|källa|kilde|lähde|出典|来源|來源|출처)\s*[:：]\s*[^!?]+$".to_owned(),
        ),
        // A notice about the page: a disclosure, a licence, a "filed under".
        line(
            "NOTICE",
            format!(
                r"(?i)^\s*(?:{})(?:$|[\s:：,.!?])",
                alternation(NOTICES)
            ),
        ),
        // A prompt to subscribe, follow, register or pay.
        line(
            "PROMPT",
            format!(
                r"(?i)^\s*[¡¿]?(?:{})(?:$|[\s:：,.!?！？])",
                alternation(PROMPTS)
            ),
        ),
        // A view, comment or share counter.
        line("COUNTER", {
            let words = alternation(COUNTERS);
            format!(
                r"(?i)^\s*(?:(?:{words})\s*[:：]?\s*\d[\d.,\s]*[kmкм]?|\d[\d.,\s]*[kmкм]?\s*(?:{words}))\s*$"
            )
        }),
        // An image credit.
        line("CREDIT", {
            let words = alternation(CREDIT_WORDS);
            let agencies = alternation(AGENCIES);
            format!(
                r"(?i)^\s*[(\[]?\s*(?:(?:{words})\s*(?:[:：©/|]|\s[-–—]\s|\s(?:by|von|de|par|di|da|door|av|af)\s)\s*[^.!?]+|(?:\(c\)|copyright)\s*[^.!?]+|©[^!?]+|\p{{L}}{{2,4}}\s*/\s*(?:{agencies})|(?:{agencies})(?:\s*(?:[/|,;&]|via|for|/\s*\w+)\s*[\p{{L}}.'’ -]*)*)\s*[)\]]?\s*$"
            )
        }),
        // A line that is only a date or time, with an optional lead
        // ("Publié le").
        line("DATE", {
            let leads = alternation(DATE_LEADS);
            let lead = format!(r"(?:(?:{leads})\s*(?:am|le|el|em|il|op|on|at|den)?\s*[:：]?\s*)?");
            let weekday = r"(?:\p{L}{2,}\.?,?\s+)?";
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
            // A time alone on its line ("3:59 PM", "19:49") stamps a post
            // or a comment; with a colon only, as "12.50" may be a price.
            let time_alone = r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm|uhr|h)?";
            format!(
                r"(?i)^\s*(?:{lead}{weekday}(?:{day_month_year}|{month_day_year}|{numeric}){time}|{time_alone})\s*$"
            )
        }),
        // A lead and a date opening a line of more post facts ("Erstellt am
        // Dienstag 6. Mai 2014 um 23:30 und abgelegt unter Linux"); the
        // lead is required, as many a sentence opens with a date.
        line("DATE_LED", {
            let leads = alternation(DATE_LEADS);
            let weekday = r"(?:\p{L}{2,}\.?,?\s+)?";
            format!(
                r"(?i)^\s*(?:{leads})\s*(?:am|le|el|em|il|op|on|at|den)?\s*[:：]?\s*{weekday}(?:\d{{1,2}}\.?\s*(?:de\s+)?{MONTH}\s*(?:de\s+)?,?\s*\d{{4}}|{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[./-]\s?\d{{1,2}}[./-]\s?\d{{2,4}})(?:$|[\s,|·•])"
            )
        }),
        // "Von Anna Muster", "Par Jean Dupont et Marie Curie", "Autor: Jan Nowak".
        line(
            "BYLINE",
            format!(
                r"^\s*(?i:{})\s*[:：]?\s+(?:\p{{Lu}}[\p{{L}}.'’-]*\s*)+(?:(?:,|&|\||(?:and|und|et|y|e|en|i|и|і|ve|och|og|ja)\s)\s*.*)?$",
                alternation(BY_WORDS)
            ),
        ),
        // Headings that introduce a section around the content rather than of it.
        line("EN_AROUND_HEADING", r"(?ix)^(?:
            related(?:\ \w+)?|similar\ \w+|more\ (?:from|in|on|like\ this|stories|articles|news|posts|to\ (?:read|explore))(?-u:\b).*
          | you\ (?:may|might|will)\ (?:also\ )?(?:like|love|enjoy)(?-u:\b).*
          | recommended(?:\ for\ you|\ products|\ articles|\ reading)?
          | (?:customers|people|shoppers)\ (?:who|also)(?-u:\b).*|(?:your\ )?(?:also|recently)\ viewed(?-u:\b).*|frequently\ bought(?-u:\b).*
          | complete\ the\ look|pairs\ well\ with|shop\ the\ look
          | (?:read|up)\ next|what\ to\ read\ next|don.t\ miss|trending(?:\ now)?|what.s\ (?:trending|hot|popular)(?:\ (?:now|today|with|in|on|at)(?:\ [\w\ ]+)?)?
          | (?:leave|post|add)\ a\ (?:reply|comment)|\d*\s*(?:comments?|responses|replies)(?:\ \(\d+\))?|join\ the\ (?:discussion|conversation)
          | share\ this(?:\ \w+)?|about\ the\ author|sponsored(?:\ content)?|advertisement
          | (?:customer\ |product\ )?reviews(?:\ \(\d+\))?|customer\ review|ratings?\ (?:&|and)\ reviews|write\ a\ review
          | (?:stay|keep)\ (?:up\ to\ date|in\ touch|connected|informed|in\ the\ loop)(?:\ with\ [\w\ ]+)?|(?:sign\ up|subscribe)\ (?:for|to)\ (?:our|the)\ (?:\w+\ )?newsletter|get\ (?:our|the)\ (?:\w+\ )?newsletter|join\ (?:our|the)\ (?:newsletter|mailing\ list|community)|never\ miss\ a\ \w+
          | questions?\ (?:&|and)\ answers|seller.s\ other\ items|similar\ (?:items|products)|sponsored\ (?:items|products)
        )\s*:?$".to_owned()),
        // Longer headings of related items ("Related lamps and shades",
        // "Related posts for you"): around the content, except on a category
        // page (its related categories are what it lists) or in docs (a
        // page's related topics are part of its guide).
        line("EN_RELATED_LONG_HEADING", r"(?ix)^related(?:\ \w+){2,3}\s*:?$".to_owned()),
        // Headings that, on a product page, introduce what else the shop sells
        // (add-ons, accessories, related items, comparisons) or what shoppers say
        // of the seller. On other pages an "Accessories" or "Add-ons" section can
        // be the content (a buying guide, a service's options).
        line("EN_PRODUCT_AROUND_HEADING", r"(?ix)^(?:
            (?:explore\ )?related\ (?:items|products)(?:\ to\ explore)?
          | (?:choose\ |select\ |popular\ )?(?:your\ )?add-?ons
          | (?:(?:most\ )?popular\ |recommended\ |compatible\ )?accessories(?:\ (?:for|&|and)\ [\w\ &'’-]+)?
          | compare\ (?:with\ )?similar\ (?:items|products)|how\ (?:we|it)\ compares?
          | complete\ (?:your\ (?:order|look|set)|the\ set)|you\ (?:may|might)\ also\ need
          | frequently\ (?:purchased|bought)\ (?:with|together)|featured\ products
          | (?:seller|store|google)\ (?:feedback|reviews?)(?:\ \(\d[\d,.]*\))?
          | (?:user\ |customer\ )?testimonials|reviews?\ summary
          | warranty\ info(?:rmation)?|(?:free\ )?shipping\ (?:&|and)\ returns?
        )\s*:?$".to_owned()),
        line("EN_SHORT_NOISE", r"(?ix)^(?:
(?:published|updated|posted|last\ updated|modified)(?:\ on)?\s*:?\s*.*
          | \d+\s+min(?:ute)?s?\s+read
          | page\ \d+\ of\ \d+
          | (?:showing|displaying|viewing)\s+(?:\d[\d,]*\s*(?:-|–|to)\s*)?\d[\d,]*\s+(?:of|out\ of)\s+\d[\d,]*(?:\s+(?:results|items|products|entries))?
          | (?:share|share\ (?:it|this|post|article|story|on\ \w+)|share\ this(?:\ article|\ story|\ post)?|tweet|pin\ it|pin\ (?:it\ |this\ )?for\ later|email|print|copy\ link)
          | (?:advertisement|sponsored(?:\ content)?|anzeige|publicité)
          | (?:read\ more|continue\ reading|see\ more|show\ more|load\ more|view\ all)(?-u:\b).*
          | (?:tags?|filed\ under|categories|category|topics?)\s*:.*|tags
          | loaded\ \d[\d,]*\ (?:results|items|products)|\d[\d,]*\s*(?:-|–)\s*\d[\d,]*\s+of\s+\d[\d,]*\s+(?:results|items|products|entries)
          | sort(?:ed)?(?:\ by)?\s*:\s*[\w\ ]+|slide\ \d+\ of\ \d+|image\ (?:unavailable|not\ available)(?:\ for\ .*)?
          | (?:skip\ to\ (?:main\ )?content|back\ to\ top|jump\ to)(?-u:\b).*
        )[.!:]?$".to_owned()),
        // A reading time after a byline and a bar ("Jane Doe | 5 min
        // read"): what follows the bar. Apart from `EN_SHORT_NOISE`, whose
        // lines mostly fail on their first byte, which a leading `[^|]+`
        // would let through to be read to their end.
        line("EN_MINUTES_READ", r"(?i)^\s*\d+\s+min(?:ute)?s?\s+read[.!:]?$".to_owned()),
        // Calls to action: buttons and one-line prompts around the content.
        line("EN_CALL_TO_ACTION", r"(?ix)^(?:
            sign\ ?up|sign\ ?in|log\ ?in|register|subscribe(?:\ now|\ today)?|get\ started|start\ (?:free|now|for\ free|your\ free\ trial)
          | book\ (?:a|your)\ (?:demo|call|consultation|lesson|session)|request\ a\ (?:demo|quote|call)|schedule\ a\ (?:demo|call)
          | contact(?:\ us)?|get\ in\ touch|talk\ to\ (?:us|sales|an?\ expert)|learn\ more|find\ out\ more|discover\ more
          | shop\ now|buy\ now|add\ to\ (?:cart|bag|basket|wishlist)|try\ (?:it\ )?(?:for\ )?free|free\ trial|download(?:\ now)?
          | get\ (?:a\ )?(?:free\ )?quote|join(?:\ now|\ us|\ today)?|apply\ now|ask\ (?:a\ )?question|call\ (?:us\ )?now|donate
          | click\ to\ expand\.*|joined|messages|reaction\ score|points|posts|trophies|solutions|likes\ received
          | (?:view|see|check|shop|buy)(?:\ (?:it|the|price|prices|deal|deals|latest|current))*\ (?:on|at)\ [\w.]+
          | read\ (?:the\ |our\ )?(?:full\ )?review|see\ (?:all\ )?(?:packages|plans|pricing|details|deals|options)
          | get\ (?:a\ |the\ |your\ )?free\ (?:quote|consultation|ebook|e-book|guide|trial|demo|estimate)(?:\ today|\ now)?
          | follow\ us(?:\ on\ [\w\ ]+)?|share|share\ your\ (?:story|thoughts|experience|feedback|tips?)|article\ continues\ below|continue\ reading\ below|you\ (?:might|may)\ (?:also\ )?like
          | subscribe\ to\ (?:get\ access|continue|keep\ reading|read\ more)
          | (?:free|fast|free\ fast|free\ standard|free\ 2-day)\ (?:shipping|delivery|returns)(?-u:\b).*|(?:out\ of|in)\ stock|discontinued
          | notify\ me(?:\ when\ (?:available|(?:back\ )?in\ stock))?|filters?|filter\ (?:&|and)\ sort|sort\ (?:&|and)\ filter|trending\ searches|select\ (?:a\ |your\ )?(?:size|colou?r|option|quantity)|add\ to\ (?:list|registry|compare)
          | write\ a\ review|verified\ (?:buyer|purchase|reviewer)|privacy\ policy|terms\ (?:of\ (?:service|use)|(?:&|and)\ conditions)
          | cookie\ (?:policy|settings|preferences)|sign\ in\ or\ (?:join|register|create\ an\ account)|(?:register|book|enroll|order)\ now|tell\ me\ more
          | sign\ ?up\ (?:for\ free|now|today)|join\ date(?::.*)?|posts:\ ?[\d,.]+k?|signature|upvote|downvote|sort\ by|rss\ feed|submit
          | (?:new|well-known|senior|junior|active|established|valued|registered|respected|notable)\ member|report(?:\ inappropriate\ content|\ post|\ abuse)?
          | (?:join|get|sign\ up\ for|subscribe\ to)\ (?:our|the|my)\ (?:free\ )?(?:weekly\ |daily\ )?(?:newsletters?|mailing\ list|email\ list)|newsletters?
          | start\ (?:a\ |your\ )?free\ trial|start\ (?:free|now)|ask\ question|get\ (?:the\ )?app|stay\ connected(?:\ with\ (?:me|us))?
          | (?:other|more|related|similar|recent|popular)\ (?:posts|articles|stories|topics|threads|guides|recipes)(?:\ (?:you\ (?:may|might|will)\ (?:also\ )?(?:enjoy|like|love)|from\ this\ \w+))?
          | how\ (?:was|did\ you\ like)\ this\ (?:issue|newsletter|article|post)\??
          | shop\ (?:all|the\ (?:collection|range|sale))(?:\ [\w&'’-]+)*|join\ (?:now\ |us\ |today\ )?for\ free|sign\ up\ for\ free
          | book\ (?:a|an|your|my)\ (?:free\ )?(?:[\w-]+\ )?(?:demo|call|consultation|lesson|session|appointment|tour|visit|meeting)(?:\ today|\ now)?
          | donate\ (?:now|today)|give\ (?:now|today)|get\ (?:a\ |your\ |the\ |my\ )?(?:discount|coupon|promo)\ code|quick\ (?:shop|view|add|buy|look)
          | (?:view|see|show)\ (?:the\ )?(?:whole|full|complete|entire)\ (?:list|range|collection|catalog(?:ue)?|details|specs?|specifications?)(?:\ details)?
          | get\ it\ (?:now|today|on\ [\w\ .]{2,})|talk\ to\ (?:our|an?|one\ of\ our)\ (?:\w+\ )?(?:experts?|specialists?|advisors?|team|consultants?)
          | (?:schedule|request|book)\ (?:a\ |an\ |your\ )?(?:free\ )?(?:demo|consultation|quote|call|estimate|appointment)(?:\ today|\ now)?
          | already\ (?:a\ (?:member|subscriber)|have\ an\ account)\??\s*(?:log\ ?in|sign\ ?in)
          | top\ posters\ in\ this\ topic|\d+\ repl(?:y|ies)\ to\ this\ topic|log\ ?in\ to\ (?:answer|reply|comment|post)(?-u:\b).*
        )[.!:]?$".to_owned()),
        // A link to more on something, alone on its line: "Learn more about
        // the Wharton MBA Program" (with a colon it leads into a list).
        line("EN_LEARN_MORE", r"(?i)^\s*(?:learn|read|find\ out)\ more\ about\ [^:：\n]+$".to_owned()),
        // A product's rating summary: "4.4 stars out of 1935 reviews", "1,935 ratings".
        line("EN_RATING", r"(?i)^(?:rated\s+)?[\d.,]+\s*(?:stars?|out\s+of\s+5(?:\s+stars)?|ratings?|reviews?|customer\s+(?:ratings?|reviews?))(?-u:\b).*$|^(?:generated\s+by\s+ai|\(?\d[\d,]*\s+reviews?\)?)$".to_owned()),
        // A byline: "By" and capitalised names (case matters: "By the end" is prose).
        line("EN_BYLINE", r"^(?:(?i:by|written by|posted by|words by|von|par|por|door|av)\s+)(?:\p{Lu}[\p{L}.'’-]*\s*)+(?:(?:,|and|&|\||und|et|y)\s*.*)?$".to_owned()),
        line("EN_DATE_ONLY", r"(?ix)^(?:[a-z]+,?\s+)?(?:
            \d{1,2}(?:st|nd|rd|th)?\s+[a-z]{3,9}\.?,?\s+\d{4}
          | [a-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}
          | \d{4}-\d{2}-\d{2}(?:[t\s]\d{2}:\d{2}.*)?
          | \d{1,2}[./]\d{1,2}[./]\d{2,4}
        )(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:am|pm)?(?:\s*[a-z]{2,5})?)?$".to_owned()),
    ];
    all.extend(URL_PATTERNS.iter().map(|&(name, p)| anywhere(name, p)));
    all
}

/// Patterns of URL paths and of prices, found anywhere in their text.
const URL_PATTERNS: &[(&str, &str)] = &[
    // A price in a short text node: "$12", "12,99 €", "120 zł".
    (
        "PRICE",
        r"(?:[$€£¥₹]\s?\d|\d(?:[.,]\d\d)?\s?(?:€|zł|kr|лв|USD|EUR|GBP)(?:$|\s))",
    ),
    // An Invision forum's topic path.
    ("IPS_TOPIC", r"/topic/\d"),
    // A URL path with a date in it (`/2024/05/...`, `/2024-05-12-...`): a post.
    (
        "DATED_PATH",
        r"/(?:19|20)\d{2}[/-](?:0?[1-9]|1[0-2])(?:[/-]|$)",
    ),
    // A URL path naming a category or collection of products or posts.
    (
        "COLLECTION_PATH",
        r"(?i)/(?:collections?|categor(?:y|ies)|subcategory|c|b|l|browse|catalog(?:ue)?|department|shop)(?:/|$|-)",
    ),
    // A URL path naming one product.
    (
        "PRODUCT_PATH",
        r"/(?:products?|p|dp|itm|ip|item|pdp|listing|app)/",
    ),
    // A URL path of a list of posts: the home page, a blog or news index,
    // an archive, tag, author or search page, a numbered page.
    (
        "LISTING_PATH",
        r"^/?$|^/(?:[a-z]{2}(?:-[a-z]{2})?/)?(?:blog|news|articles|posts|stories|latest|archive)/?$|/(?:tags?|authors?|archives?|search|page)/",
    ),
];
