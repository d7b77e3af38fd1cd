//! XPath 1.0 expressions, as Full-Text RSS site configs write them, turned
//! into what our rule files hold: CSS selectors (scraper's dialect), or
//! text patterns (`drop_text`, `stop_at`) where the XPath tests an element's
//! text, which no CSS selector can.
//!
//! The expressions are parsed into a small tree first, so each translation
//! rule sees the structure (a predicate, a step, an axis), never a string
//! that happens to look like one. Whatever has no faithful CSS form is
//! either translated approximately, with a note saying how it differs, or
//! refused with the reason: the importer reports both.

use std::fmt;

/// A parse or translation failure: why the expression has no CSS form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported(pub String);

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn unsupported<T>(why: impl Into<String>) -> Result<T, Unsupported> {
    Err(Unsupported(why.into()))
}

// ---------------------------------------------------------------- tokens

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Name(String),
    Literal(String),
    Number(f64),
    Slash,
    DoubleSlash,
    LBracket,
    RBracket,
    LParen,
    RParen,
    At,
    Comma,
    Pipe,
    Dot,
    DotDot,
    Star,
    ColonColon,
    Op(&'static str),
    Dollar,
}

fn tokenize(src: &str) -> Result<Vec<Tok>, Unsupported> {
    let chars: Vec<char> = src.chars().collect();
    let mut toks: Vec<Tok> = Vec::new();
    let mut i = 0;
    // XPath's one lexical ambiguity: `*` and the names `and or div mod` are
    // operators only right after something that ends an operand.
    let operand_ended = |toks: &[Tok]| {
        matches!(
            toks.last(),
            Some(
                Tok::Name(_)
                    | Tok::Literal(_)
                    | Tok::Number(_)
                    | Tok::RBracket
                    | Tok::RParen
                    | Tok::Dot
                    | Tok::DotDot
                    | Tok::Star
            )
        )
    };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            c if c.is_whitespace() => i += 1,
            '/' if next == Some('/') => {
                toks.push(Tok::DoubleSlash);
                i += 2;
            }
            '/' => {
                toks.push(Tok::Slash);
                i += 1;
            }
            '[' => {
                toks.push(Tok::LBracket);
                i += 1;
            }
            ']' => {
                toks.push(Tok::RBracket);
                i += 1;
            }
            '(' => {
                toks.push(Tok::LParen);
                i += 1;
            }
            ')' => {
                toks.push(Tok::RParen);
                i += 1;
            }
            '@' => {
                toks.push(Tok::At);
                i += 1;
            }
            ',' => {
                toks.push(Tok::Comma);
                i += 1;
            }
            '|' => {
                toks.push(Tok::Pipe);
                i += 1;
            }
            '$' => {
                toks.push(Tok::Dollar);
                i += 1;
            }
            ':' if next == Some(':') => {
                toks.push(Tok::ColonColon);
                i += 2;
            }
            '.' if next == Some('.') => {
                toks.push(Tok::DotDot);
                i += 2;
            }
            '.' if !next.is_some_and(|n| n.is_ascii_digit()) => {
                toks.push(Tok::Dot);
                i += 1;
            }
            '*' => {
                if operand_ended(&toks) {
                    toks.push(Tok::Op("*"));
                } else {
                    toks.push(Tok::Star);
                }
                i += 1;
            }
            '=' => {
                toks.push(Tok::Op("="));
                i += 1;
            }
            '!' if next == Some('=') => {
                toks.push(Tok::Op("!="));
                i += 2;
            }
            '<' | '>' => {
                let op = match (c, next) {
                    ('<', Some('=')) => "<=",
                    ('>', Some('=')) => ">=",
                    ('<', _) => "<",
                    _ => ">",
                };
                i += op.len();
                toks.push(Tok::Op(op));
            }
            '+' => {
                toks.push(Tok::Op("+"));
                i += 1;
            }
            '-' => {
                toks.push(Tok::Op("-"));
                i += 1;
            }
            '"' | '\'' => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|&q| q == c)
                    .ok_or_else(|| Unsupported("unterminated string literal".into()))?;
                toks.push(Tok::Literal(chars[i + 1..i + 1 + end].iter().collect()));
                i += end + 2;
            }
            c if c.is_ascii_digit() || c == '.' => {
                let start = i;
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                    i += 1;
                }
                let text: String = chars[start..i].iter().collect();
                let n = text
                    .parse()
                    .map_err(|_| Unsupported(format!("bad number `{text}`")))?;
                toks.push(Tok::Number(n));
            }
            c if c.is_alphabetic() || c == '_' => {
                let start = i;
                while i < chars.len() {
                    let d = chars[i];
                    let qname_colon = d == ':'
                        && chars.get(i + 1).is_some_and(|n| n.is_alphabetic())
                        && chars.get(i - 1) != Some(&':');
                    if d.is_alphanumeric() || matches!(d, '_' | '-' | '.') || qname_colon {
                        i += 1;
                    } else {
                        break;
                    }
                }
                let name: String = chars[start..i].iter().collect();
                let op = match name.as_str() {
                    "and" => Some("and"),
                    "or" => Some("or"),
                    "div" => Some("div"),
                    "mod" => Some("mod"),
                    _ => None,
                };
                match op {
                    Some(op) if operand_ended(&toks) => toks.push(Tok::Op(op)),
                    _ => toks.push(Tok::Name(name)),
                }
            }
            other => return unsupported(format!("unexpected character `{other}`")),
        }
    }
    Ok(toks)
}

// ------------------------------------------------------------------ tree

/// An XPath expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// `a or b`.
    Or(Box<Expr>, Box<Expr>),
    /// `a and b`.
    And(Box<Expr>, Box<Expr>),
    /// `a = b`, `a < b`, arithmetic...
    Binary(Box<Expr>, &'static str, Box<Expr>),
    /// `-a`.
    Neg(Box<Expr>),
    /// `a | b`.
    Union(Vec<Expr>),
    /// A location path.
    Path(Path),
    /// `(expr)[pred]/steps`: a filtered expression, optionally continued.
    Filter(Box<Expr>, Vec<Expr>, Vec<Step>),
    /// `'text'`.
    Literal(String),
    /// `3`.
    Number(f64),
    /// `name(args)`.
    Call(String, Vec<Expr>),
    /// `$name`.
    Var(String),
}

/// Where a path starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// At the context node.
    Relative,
    /// At the document (`/`).
    Root,
    /// Anywhere (`//`).
    Anywhere,
}

/// A location path.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    /// Where it starts.
    pub start: Start,
    /// Its steps.
    pub steps: Vec<Step>,
}

/// One step; `deep` is true when it follows `//` (any depth below the
/// previous step rather than its children).
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// Reached through `//`.
    pub deep: bool,
    /// The axis.
    pub axis: Axis,
    /// The node test.
    pub test: Test,
    /// Predicates, in order.
    pub preds: Vec<Expr>,
}

/// XPath axes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Axis {
    Child,
    Descendant,
    DescendantOrSelf,
    SelfAxis,
    Parent,
    Ancestor,
    AncestorOrSelf,
    FollowingSibling,
    PrecedingSibling,
    Following,
    Preceding,
    Attribute,
}

/// A node test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Test {
    /// An element or attribute name, lower-cased.
    Name(String),
    /// `*`.
    Any,
    /// `text()`.
    Text,
    /// `node()`.
    Node,
    /// `comment()`, `processing-instruction()`.
    Other,
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
}

/// Parses an XPath 1.0 expression.
pub fn parse(src: &str) -> Result<Expr, Unsupported> {
    let mut p = Parser {
        toks: tokenize(src)?,
        pos: 0,
    };
    if p.toks.is_empty() {
        return unsupported("empty expression");
    }
    let e = p.or()?;
    if p.pos != p.toks.len() {
        return unsupported(format!(
            "unexpected {:?} after the expression",
            p.toks[p.pos]
        ));
    }
    Ok(e)
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn peek_at(&self, k: usize) -> Option<&Tok> {
        self.toks.get(self.pos + k)
    }

    fn eat(&mut self, t: &Tok) -> bool {
        if self.peek() == Some(t) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, t: &Tok) -> Result<(), Unsupported> {
        if self.eat(t) {
            Ok(())
        } else {
            unsupported(format!("expected {t:?}, found {:?}", self.peek()))
        }
    }

    fn eat_op(&mut self, ops: &[&'static str]) -> Option<&'static str> {
        match self.peek() {
            Some(Tok::Op(op)) if ops.contains(op) => {
                let op = *op;
                self.pos += 1;
                Some(op)
            }
            _ => None,
        }
    }

    fn or(&mut self) -> Result<Expr, Unsupported> {
        let mut e = self.and()?;
        while self.eat_op(&["or"]).is_some() {
            e = Expr::Or(Box::new(e), Box::new(self.and()?));
        }
        Ok(e)
    }

    fn and(&mut self) -> Result<Expr, Unsupported> {
        let mut e = self.binary(0)?;
        while self.eat_op(&["and"]).is_some() {
            e = Expr::And(Box::new(e), Box::new(self.binary(0)?));
        }
        Ok(e)
    }

    /// Equality, relational, additive and multiplicative levels.
    fn binary(&mut self, level: usize) -> Result<Expr, Unsupported> {
        const LEVELS: [&[&str]; 4] = [
            &["=", "!="],
            &["<", ">", "<=", ">="],
            &["+", "-"],
            &["*", "div", "mod"],
        ];
        if level == LEVELS.len() {
            return self.unary();
        }
        let mut e = self.binary(level + 1)?;
        while let Some(op) = self.eat_op(LEVELS[level]) {
            e = Expr::Binary(Box::new(e), op, Box::new(self.binary(level + 1)?));
        }
        Ok(e)
    }

    fn unary(&mut self) -> Result<Expr, Unsupported> {
        if self.eat_op(&["-"]).is_some() {
            return Ok(Expr::Neg(Box::new(self.unary()?)));
        }
        let mut parts = vec![self.path_expr()?];
        while self.eat(&Tok::Pipe) {
            parts.push(self.path_expr()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Expr::Union(parts)
        })
    }

    fn is_primary_start(&self) -> bool {
        match self.peek() {
            Some(Tok::Literal(_) | Tok::Number(_) | Tok::LParen | Tok::Dollar) => true,
            Some(Tok::Name(name)) => {
                self.peek_at(1) == Some(&Tok::LParen)
                    && !matches!(
                        name.as_str(),
                        "text" | "node" | "comment" | "processing-instruction"
                    )
            }
            _ => false,
        }
    }

    fn path_expr(&mut self) -> Result<Expr, Unsupported> {
        if self.is_primary_start() {
            let primary = self.primary()?;
            let mut preds = Vec::new();
            while self.peek() == Some(&Tok::LBracket) {
                preds.push(self.predicate()?);
            }
            let steps = if matches!(self.peek(), Some(Tok::Slash | Tok::DoubleSlash)) {
                self.more_steps()?
            } else {
                Vec::new()
            };
            if preds.is_empty() && steps.is_empty() {
                return Ok(primary);
            }
            return Ok(Expr::Filter(Box::new(primary), preds, steps));
        }
        let start = if self.eat(&Tok::DoubleSlash) {
            Start::Anywhere
        } else if self.eat(&Tok::Slash) {
            if !self.step_follows() {
                return Ok(Expr::Path(Path {
                    start: Start::Root,
                    steps: Vec::new(),
                }));
            }
            Start::Root
        } else {
            Start::Relative
        };
        let mut steps = vec![self.step(false)?];
        steps.extend(self.more_steps()?);
        Ok(Expr::Path(Path { start, steps }))
    }

    fn step_follows(&self) -> bool {
        matches!(
            self.peek(),
            Some(Tok::Name(_) | Tok::Star | Tok::At | Tok::Dot | Tok::DotDot)
        )
    }

    fn more_steps(&mut self) -> Result<Vec<Step>, Unsupported> {
        let mut steps = Vec::new();
        loop {
            let deep = if self.eat(&Tok::DoubleSlash) {
                true
            } else if self.eat(&Tok::Slash) {
                false
            } else {
                return Ok(steps);
            };
            steps.push(self.step(deep)?);
        }
    }

    fn step(&mut self, deep: bool) -> Result<Step, Unsupported> {
        let simple = |axis, test| Step {
            deep,
            axis,
            test,
            preds: Vec::new(),
        };
        if self.eat(&Tok::Dot) {
            return Ok(simple(Axis::SelfAxis, Test::Node));
        }
        if self.eat(&Tok::DotDot) {
            return Ok(simple(Axis::Parent, Test::Node));
        }
        let axis = if self.eat(&Tok::At) {
            Axis::Attribute
        } else if let (Some(Tok::Name(name)), Some(Tok::ColonColon)) =
            (self.peek(), self.peek_at(1))
        {
            let axis = match name.as_str() {
                "child" => Axis::Child,
                "descendant" => Axis::Descendant,
                "descendant-or-self" => Axis::DescendantOrSelf,
                "self" => Axis::SelfAxis,
                "parent" => Axis::Parent,
                "ancestor" => Axis::Ancestor,
                "ancestor-or-self" => Axis::AncestorOrSelf,
                "following-sibling" => Axis::FollowingSibling,
                "preceding-sibling" => Axis::PrecedingSibling,
                "following" => Axis::Following,
                "preceding" => Axis::Preceding,
                "attribute" => Axis::Attribute,
                other => return unsupported(format!("unknown axis `{other}`")),
            };
            self.pos += 2;
            axis
        } else {
            Axis::Child
        };
        let test = match self.peek().cloned() {
            Some(Tok::Star) => {
                self.pos += 1;
                Test::Any
            }
            Some(Tok::Name(name)) => {
                self.pos += 1;
                if self.peek() == Some(&Tok::LParen) {
                    self.pos += 1;
                    // processing-instruction('x') may carry a literal.
                    if let Some(Tok::Literal(_)) = self.peek() {
                        self.pos += 1;
                    }
                    self.expect(&Tok::RParen)?;
                    match name.as_str() {
                        "text" => Test::Text,
                        "node" => Test::Node,
                        "comment" | "processing-instruction" => Test::Other,
                        other => return unsupported(format!("`{other}()` is not a node test")),
                    }
                } else {
                    Test::Name(name.to_ascii_lowercase())
                }
            }
            other => return unsupported(format!("expected a step, found {other:?}")),
        };
        let mut preds = Vec::new();
        while self.peek() == Some(&Tok::LBracket) {
            preds.push(self.predicate()?);
        }
        Ok(Step {
            deep,
            axis,
            test,
            preds,
        })
    }

    fn predicate(&mut self) -> Result<Expr, Unsupported> {
        self.expect(&Tok::LBracket)?;
        let e = self.or()?;
        self.expect(&Tok::RBracket)?;
        Ok(e)
    }

    fn primary(&mut self) -> Result<Expr, Unsupported> {
        match self.peek().cloned() {
            Some(Tok::Literal(s)) => {
                self.pos += 1;
                Ok(Expr::Literal(s))
            }
            Some(Tok::Number(n)) => {
                self.pos += 1;
                Ok(Expr::Number(n))
            }
            Some(Tok::Dollar) => {
                self.pos += 1;
                match self.peek().cloned() {
                    Some(Tok::Name(n)) => {
                        self.pos += 1;
                        Ok(Expr::Var(n))
                    }
                    other => unsupported(format!("expected a variable name, found {other:?}")),
                }
            }
            Some(Tok::LParen) => {
                self.pos += 1;
                let e = self.or()?;
                self.expect(&Tok::RParen)?;
                Ok(e)
            }
            Some(Tok::Name(name)) => {
                self.pos += 2; // name and `(`
                let mut args = Vec::new();
                if !self.eat(&Tok::RParen) {
                    loop {
                        args.push(self.or()?);
                        if self.eat(&Tok::RParen) {
                            break;
                        }
                        self.expect(&Tok::Comma)?;
                    }
                }
                Ok(Expr::Call(name, args))
            }
            other => unsupported(format!("unexpected {other:?}")),
        }
    }
}

// ----------------------------------------------------------- translation

/// What one XPath expression becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A CSS selector, with the attribute to read when the path ends in
    /// `/@attr`.
    Css {
        /// The selector.
        selector: String,
        /// `@attr` at the end of the path.
        attr: Option<String>,
    },
    /// Blocks whose text matches this regex (`drop_text`).
    Text(String),
    /// The article ends at the first block whose text matches (`stop_at`).
    StopAt(String),
}

/// A translation: its parts (a union may give several) and how it differs
/// from the XPath, if it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translation {
    /// What to write.
    pub targets: Vec<Target>,
    /// How the translation differs from what the XPath selects; empty when
    /// it is exact.
    pub notes: Vec<String>,
}

/// Translates an XPath that selects elements into CSS, or text patterns
/// where `text_ok` (rules that remove things may become `drop_text` and
/// `stop_at`; a rule that locates the article may not).
pub fn translate(src: &str, text_ok: bool) -> Result<Translation, Unsupported> {
    let expr = parse(src)?;
    let mut tr = Translator { notes: Vec::new() };
    let mut targets = Vec::new();
    let parts = match expr {
        Expr::Union(parts) => parts,
        other => vec![other],
    };
    let mut css: Vec<String> = Vec::new();
    let mut attr: Option<Option<String>> = None;
    for part in parts {
        match tr.top(&part, text_ok)? {
            Top::Css(selector, a) => {
                match &attr {
                    Some(prev) if *prev != a => {
                        return unsupported("a union of paths ending in different attributes")
                    }
                    _ => attr = Some(a),
                }
                css.push(selector);
            }
            Top::Text(t) => targets.push(t),
        }
    }
    if !css.is_empty() {
        targets.insert(
            0,
            Target::Css {
                selector: css.join(", "),
                attr: attr.flatten(),
            },
        );
    }
    let mut notes = tr.notes;
    notes.dedup();
    Ok(Translation { targets, notes })
}

enum Top {
    Css(String, Option<String>),
    Text(Target),
}

/// A condition on an element's text: what `drop_text` can test.
#[derive(Debug, Clone)]
enum TextCond {
    Contains(String),
    Equals(String),
    StartsWith(String),
    /// Any of these.
    Any(Vec<TextCond>),
}

impl TextCond {
    fn regex(&self) -> Result<String, Unsupported> {
        let lit = match self {
            TextCond::Contains(s) | TextCond::Equals(s) | TextCond::StartsWith(s) => s,
            TextCond::Any(conds) => {
                let parts = conds
                    .iter()
                    .map(TextCond::regex)
                    .collect::<Result<Vec<_>, _>>()?;
                return Ok(format!("(?:{})", parts.join("|")));
            }
        };
        if lit.trim().is_empty() {
            return unsupported("a text test against empty text");
        }
        let words: Vec<String> = lit.split_whitespace().map(regex::escape).collect();
        let body = words.join(r"\s+");
        Ok(match self {
            TextCond::Contains(_) => body,
            TextCond::Equals(_) => format!(r"^\s*{body}\s*$"),
            TextCond::StartsWith(_) => format!(r"^\s*{body}"),
            TextCond::Any(_) => unreachable_any(),
        })
    }
}

fn unreachable_any() -> String {
    // `regex` returns early for `Any`.
    String::new()
}

/// What a predicate becomes: a CSS filter on the step's element, or a
/// test of its text.
enum Pred {
    Css(String),
    Text(TextCond),
}

/// The chain of compound selectors built so far, as a CSS string for the
/// current subject, or nothing (the document).
struct Chain {
    css: Option<String>,
}

struct Translator {
    notes: Vec<String>,
}

const TEXT_NOTE: &str =
    "tests the element's text: becomes a text pattern on blocks, whatever their element";

impl Translator {
    fn note(&mut self, n: impl Into<String>) {
        let n = n.into();
        if !self.notes.contains(&n) {
            self.notes.push(n);
        }
    }

    fn top(&mut self, e: &Expr, text_ok: bool) -> Result<Top, Unsupported> {
        // `id('x')` (optionally `/steps`) is the element with that id.
        let by_id = |id: &str, steps: &[Step]| {
            let mut all = vec![Step {
                deep: false,
                axis: Axis::Child,
                test: Test::Any,
                preds: vec![Expr::Binary(
                    Box::new(Expr::Path(Path {
                        start: Start::Relative,
                        steps: vec![Step {
                            deep: false,
                            axis: Axis::Attribute,
                            test: Test::Name("id".to_owned()),
                            preds: Vec::new(),
                        }],
                    })),
                    "=",
                    Box::new(Expr::Literal(id.to_owned())),
                )],
            }];
            all.extend(steps.iter().cloned());
            Expr::Path(Path {
                start: Start::Anywhere,
                steps: all,
            })
        };
        match e {
            Expr::Call(f, args) if f == "id" => {
                if let [Expr::Literal(id)] = &args[..] {
                    return self.top(&by_id(id, &[]), text_ok);
                }
            }
            Expr::Filter(inner, preds, steps) if preds.is_empty() => {
                if let Expr::Call(f, args) = &**inner {
                    if let (true, [Expr::Literal(id)]) = (f == "id", &args[..]) {
                        return self.top(&by_id(id, steps), text_ok);
                    }
                }
            }
            _ => {}
        }
        let path = match e {
            Expr::Path(p) => p,
            Expr::Filter(inner, preds, steps) => {
                return self.filtered(inner, preds, steps);
            }
            Expr::Call(f, args)
                if matches!(
                    f.as_str(),
                    "substring-before" | "substring-after" | "normalize-space" | "string"
                ) && matches!(args.first(), Some(Expr::Path(_) | Expr::Call(..))) =>
            {
                if let Some(Expr::Path(inner)) = args.first() {
                    let reads_script = inner
                        .steps
                        .iter()
                        .any(|s| s.test == Test::Name("script".to_owned()));
                    if reads_script {
                        return unsupported("reads a value out of a script's source");
                    }
                }
                if f.starts_with("substring") {
                    self.note(format!(
                        "`{f}()`: the whole value is read, not only the part {} the separator",
                        if f == "substring-before" {
                            "before"
                        } else {
                            "after"
                        }
                    ));
                } else if f == "normalize-space" {
                    self.note("`normalize-space()` left to the reader, which collapses white space itself");
                }
                return self.top(&args[0], false);
            }
            _ => return unsupported("not a path"),
        };
        let mut steps: &[Step] = &path.steps;
        // A trailing `/@attr` names what to read; `/text()` reads the text.
        let mut attr = None;
        if let Some(last) = steps.last() {
            match (last.axis, &last.test) {
                (Axis::Attribute, Test::Name(name)) if last.preds.is_empty() => {
                    attr = Some(name.clone());
                    steps = &steps[..steps.len() - 1];
                }
                (Axis::Child, Test::Text) if last.preds.is_empty() => {
                    self.note("selects the text nodes directly inside; taken as the whole element");
                    steps = &steps[..steps.len() - 1];
                }
                // `X/text()[contains(., 'words')]`: text with certain words.
                (Axis::Child, Test::Text) if text_ok => {
                    let mut conds = Vec::new();
                    for p in &last.preds {
                        match self.pred(p)? {
                            Pred::Text(t) => conds.push(t),
                            Pred::Css(_) => {
                                return unsupported("a test on a text node with no text form")
                            }
                        }
                    }
                    let [cond] = &conds[..] else {
                        return unsupported("several text tests on a text node");
                    };
                    self.note(TEXT_NOTE);
                    return Ok(Top::Text(Target::Text(cond.regex()?)));
                }
                _ => {}
            }
        }
        if steps.is_empty() {
            return unsupported("selects no element");
        }
        // `X[text test]/following-sibling::*` (or `following::*`): what
        // comes after a heading with certain words, which is `stop_at`.
        // `X[text test]/..` (or `ancestor::`, `self::`): the element
        // around some words, which `drop_text` approximates by the block
        // holding them.
        if text_ok && attr.is_none() {
            for k in 0..steps.len().saturating_sub(1) {
                let Some(cond) = self.text_of_last(&steps[..=k])? else {
                    continue;
                };
                let tail = &steps[k + 1..];
                let upward = tail.iter().all(|s| {
                    matches!(
                        s.axis,
                        Axis::Parent | Axis::Ancestor | Axis::AncestorOrSelf | Axis::SelfAxis
                    )
                });
                if upward {
                    self.note("removes the element around certain text: becomes `drop_text`, which removes only the block holding the text");
                    return Ok(Top::Text(Target::Text(cond.regex()?)));
                }
                if let [t] = tail {
                    if matches!(t.axis, Axis::FollowingSibling | Axis::Following) {
                        self.note("removes what follows an element with certain text: becomes `stop_at`, which ends the article at the first block with that text (the block itself included)");
                        return Ok(Top::Text(Target::StopAt(cond.regex()?)));
                    }
                }
                return unsupported("a text test on an element that is not the last step");
            }
        }
        let start = match path.start {
            Start::Anywhere => Chain { css: None },
            Start::Root => Chain {
                css: Some(":root".to_owned()),
            },
            Start::Relative => {
                self.note("a relative path (evaluated from the document it selects only the root element); taken as anywhere in the page");
                Chain { css: None }
            }
        };
        let (chain, text) = self.steps(start, steps, path.start == Start::Root)?;
        match text {
            Some(cond) if text_ok => {
                self.note(TEXT_NOTE);
                Ok(Top::Text(Target::Text(cond.regex()?)))
            }
            Some(_) => unsupported("tests the element's text, which a CSS selector cannot"),
            None => match chain.css {
                Some(css) => Ok(Top::Css(css, attr)),
                None => unsupported("selects the document, not an element"),
            },
        }
    }

    /// `(path)[n]`: the n-th match in the whole document, which CSS cannot
    /// say; taken as every match when `n` is 1 and the rest is plain.
    fn filtered(
        &mut self,
        inner: &Expr,
        preds: &[Expr],
        steps: &[Step],
    ) -> Result<Top, Unsupported> {
        if !preds
            .iter()
            .all(|p| matches!(p, Expr::Number(n) if *n == 1.0))
        {
            return unsupported("`(path)[n]` picks one match in document order, which CSS cannot");
        }
        let Expr::Path(path) = inner else {
            return unsupported("`(a | b)[1]` picks one match in document order, which CSS cannot");
        };
        self.note("`(path)[1]` is the first match in the page; taken as every match (a root rule uses the first anyway)");
        let mut path = path.clone();
        path.steps.extend(steps.iter().cloned());
        self.top(&Expr::Path(path), false)
    }

    /// When the path's last step tests its text (and nothing else forbids
    /// it), that text condition.
    fn text_of_last(&mut self, steps: &[Step]) -> Result<Option<TextCond>, Unsupported> {
        let mut probe = Translator { notes: Vec::new() };
        match probe.steps(Chain { css: None }, steps, false) {
            Ok((_, Some(cond))) => Ok(Some(cond)),
            _ => Ok(None),
        }
    }

    /// Applies steps to a chain. Returns the chain and, when a predicate
    /// of the last step tests text, that test.
    fn steps(
        &mut self,
        mut chain: Chain,
        steps: &[Step],
        from_root: bool,
    ) -> Result<(Chain, Option<TextCond>), Unsupported> {
        let mut text = None;
        for (i, step) in steps.iter().enumerate() {
            if text.is_some() {
                return unsupported("a text test on an element that is not the last step");
            }
            let first = i == 0;
            // `//` before a non-child axis (`//following::x`) means "from
            // any descendant": handled only for the common axes.
            let (compound, t) = self.compound(step)?;
            text = t;
            let prev = chain.css.take();
            let css = match step.axis {
                Axis::Child | Axis::Descendant | Axis::DescendantOrSelf => {
                    let deep = step.deep || step.axis != Axis::Child;
                    if step.axis == Axis::DescendantOrSelf {
                        self.note("`descendant-or-self::` taken as `descendant::`");
                    }
                    match prev.map(|p| is_wrap(&p)) {
                        None => compound,
                        Some(p) if first && from_root && !deep => {
                            // `/html`: the root element itself.
                            if p == ":root" {
                                format!("{compound}:root")
                            } else {
                                format!("{p} > {compound}")
                            }
                        }
                        Some(p) if deep => format!("{p} {compound}"),
                        Some(p) => format!("{p} > {compound}"),
                    }
                }
                Axis::SelfAxis => {
                    if step.deep {
                        return unsupported("`//self::` is not supported");
                    }
                    match prev {
                        None => compound,
                        Some(p) => self.merge(&p, &compound)?,
                    }
                }
                Axis::Parent | Axis::Ancestor | Axis::AncestorOrSelf => {
                    if step.deep {
                        return unsupported("`//` before an upward axis");
                    }
                    let Some(p) = prev else {
                        return unsupported("an upward step from the document");
                    };
                    let inner = relative_inner(&p);
                    let nearest = step.axis == Axis::Ancestor
                        && step.preds.first().and_then(position_of) == Some(1);
                    match step.axis {
                        Axis::Ancestor if nearest && step.test == Test::Any => {
                            format!("{compound}:has(> {inner})")
                        }
                        Axis::Ancestor if nearest => {
                            let tag = test_css(&step.test)?;
                            self.note("the nearest ancestor: taken as one with no closer ancestor of its kind around any match");
                            format!("{compound}:has({inner}):not(:has({tag} {inner}))")
                        }
                        Axis::Parent => format!("{compound}:has(> {inner})"),
                        Axis::Ancestor => format!("{compound}:has({inner})"),
                        _ => format!("{compound}:is(:has({inner}), {inner})", inner = is_list(&p)),
                    }
                }
                Axis::FollowingSibling | Axis::PrecedingSibling => {
                    if step.deep {
                        return unsupported("`//` before a sibling axis");
                    }
                    let Some(p) = prev else {
                        return unsupported("a sibling step from the document");
                    };
                    self.sibling(step, &p, &compound)?
                }
                Axis::Following => {
                    let Some(p) = prev else {
                        return unsupported("`following::` from the document");
                    };
                    if !step.preds.is_empty() {
                        return unsupported("predicates on `following::`");
                    }
                    let p = is_wrap(&p);
                    // After X in document order, outside X: X's later
                    // siblings and their insides, and the same for each
                    // ancestor of X.
                    format!("{p} ~ {compound}, {p} ~ * {compound}, :has({p}) ~ {compound}, :has({p}) ~ * {compound}")
                }
                Axis::Preceding => return unsupported("`preceding::` has no CSS form"),
                Axis::Attribute => {
                    return unsupported(
                        "selects an attribute, not an element (attributes are not in the text)",
                    )
                }
            };
            chain.css = Some(css);
        }
        Ok((chain, text))
    }

    /// `following-sibling::` and `preceding-sibling::` steps from `p`.
    fn sibling(&mut self, step: &Step, p: &str, compound: &str) -> Result<String, Unsupported> {
        let p = is_wrap(p);
        let first_pos = step.preds.first().and_then(position_of);
        let following = step.axis == Axis::FollowingSibling;
        match (following, first_pos) {
            (true, Some(1)) => {
                // Predicates after the position are filters of the one element.
                let rest = &step.preds[1..];
                let filters = self.filters(rest)?;
                if step.test == Test::Any {
                    Ok(format!("{p} + *{filters}"))
                } else {
                    let tag = test_css(&step.test)?;
                    Ok(format!("{p} ~ {tag}:not({p} ~ {tag} ~ {tag}){filters}"))
                }
            }
            (false, Some(1)) => {
                let rest = &step.preds[1..];
                let filters = self.filters(rest)?;
                if step.test == Test::Any {
                    Ok(format!("*:has(+ {p}){filters}"))
                } else {
                    let tag = test_css(&step.test)?;
                    Ok(format!(
                        "{tag}:has(~ {p}):not(:has(~ {tag} ~ {p})){filters}"
                    ))
                }
            }
            (_, Some(_)) => unsupported("a position on a sibling axis other than the nearest one"),
            (true, None) => Ok(format!("{p} ~ {compound}")),
            (false, None) => Ok(format!("{compound}:has(~ {p})")),
        }
    }

    /// Filters from predicates that must all be CSS.
    fn filters(&mut self, preds: &[Expr]) -> Result<String, Unsupported> {
        let mut out = String::new();
        for p in preds {
            match self.pred(p)? {
                Pred::Css(c) => out.push_str(&c),
                Pred::Text(_) => return unsupported("a text test here has no CSS form"),
            }
        }
        Ok(out)
    }

    /// Puts a self step's compound onto the previous subject.
    fn merge(&mut self, prev: &str, compound: &str) -> Result<String, Unsupported> {
        if compound == "*" {
            return Ok(prev.to_owned());
        }
        if top_level_comma(prev) {
            return Ok(format!(":is({prev}){}", compound_as_filter(compound)));
        }
        Ok(format!("{prev}{}", compound_as_filter(compound)))
    }

    /// The compound selector of one step: its element test and the
    /// predicates that are CSS filters; a text test is returned apart.
    fn compound(&mut self, step: &Step) -> Result<(String, Option<TextCond>), Unsupported> {
        // `..`, `.` and `ancestor::node()` can only be elements here.
        let mut css = match (&step.test, step.axis) {
            (Test::Node, Axis::Parent | Axis::SelfAxis | Axis::Ancestor | Axis::AncestorOrSelf) => {
                "*".to_owned()
            }
            (test, _) => test_css(test)?,
        };
        let mut text = None;
        let sibling = matches!(step.axis, Axis::FollowingSibling | Axis::PrecedingSibling);
        for (i, pred) in step.preds.iter().enumerate() {
            if let Some(n) = position_of(pred) {
                if (sibling || (step.axis == Axis::Ancestor && n == 1)) && i == 0 {
                    continue; // handled by `sibling` and `steps`
                }
                if i != 0 {
                    return unsupported("a position after another predicate counts only the elements that passed it, which CSS cannot");
                }
                if !matches!(
                    step.axis,
                    Axis::Child | Axis::Descendant | Axis::DescendantOrSelf
                ) {
                    return unsupported("a position on this axis");
                }
                if step.axis != Axis::Child {
                    self.note("a position on `descendant::` taken as the position among siblings");
                }
                css.push_str(&nth(&step.test, &format!("{n}"))?);
                continue;
            }
            if let Some(pos) = self.position_pred(pred, &step.test)? {
                if i != 0 {
                    return unsupported("a position after another predicate counts only the elements that passed it, which CSS cannot");
                }
                css.push_str(&pos);
                continue;
            }
            match self.pred(pred)? {
                Pred::Css(c) => css.push_str(&c),
                Pred::Text(t) => {
                    if text.is_some() {
                        return unsupported("two text tests on one element");
                    }
                    text = Some(t);
                }
            }
        }
        if text.is_some() && css != "*" && !css.chars().all(|c| c.is_ascii_alphanumeric()) {
            self.note(format!(
                "the element conditions beside the text test (`{css}`) are dropped"
            ));
        }
        Ok((css, text))
    }

    /// `[position() < 3]`, `[last()]` and the like.
    fn position_pred(&mut self, e: &Expr, test: &Test) -> Result<Option<String>, Unsupported> {
        let is_pos = |e: &Expr| matches!(e, Expr::Call(n, a) if n == "position" && a.is_empty());
        let is_last = |e: &Expr| matches!(e, Expr::Call(n, a) if n == "last" && a.is_empty());
        if is_last(e) {
            return Ok(Some(last_of(test)?));
        }
        let Expr::Binary(l, op, r) = e else {
            return Ok(None);
        };
        if is_pos(l) && is_last(r) && *op == "=" {
            return Ok(Some(last_of(test)?));
        }
        let (op, n) = match (&**l, &**r) {
            (a, Expr::Number(n)) if is_pos(a) => (*op, *n),
            (Expr::Number(n), b) if is_pos(b) => (flip(op), *n),
            _ => return Ok(None),
        };
        if n.fract() != 0.0 {
            return unsupported("a fractional position");
        }
        let n = n as i64;
        let formula = match op {
            "=" => format!("{n}"),
            "<" => format!("-n+{}", n - 1),
            "<=" => format!("-n+{n}"),
            ">" => format!("n+{}", n + 1),
            ">=" => format!("n+{n}"),
            "!=" => return Ok(Some(format!(":not({})", nth(test, &format!("{n}"))?))),
            _ => return Ok(None),
        };
        Ok(Some(nth(test, &formula)?))
    }

    /// A predicate as a CSS filter or a text test.
    fn pred(&mut self, e: &Expr) -> Result<Pred, Unsupported> {
        match e {
            Expr::And(a, b) => match (self.pred(a)?, self.pred(b)?) {
                (Pred::Css(x), Pred::Css(y)) => Ok(Pred::Css(format!("{x}{y}"))),
                (Pred::Text(t), Pred::Css(c)) | (Pred::Css(c), Pred::Text(t)) => {
                    self.note(format!(
                        "the condition `{c}` beside the text test is dropped"
                    ));
                    Ok(Pred::Text(t))
                }
                _ => unsupported("two text tests"),
            },
            Expr::Or(a, b) => match (self.pred(a)?, self.pred(b)?) {
                (Pred::Css(x), Pred::Css(y)) => Ok(Pred::Css(format!(
                    ":is({}, {})",
                    as_compound(&x),
                    as_compound(&y)
                ))),
                (Pred::Text(x), Pred::Text(y)) => Ok(Pred::Text(TextCond::Any(vec![x, y]))),
                _ => unsupported("a text test and an element test joined by `or`"),
            },
            Expr::Call(name, args) => self.call(name, args),
            Expr::Path(p) => self.exists(p),
            Expr::Binary(l, op, r) if *op == "=" || *op == "!=" => self.compare(l, op, r),
            Expr::Number(_) => unsupported("a position where it cannot be translated"),
            _ => unsupported("a predicate with no CSS form"),
        }
    }

    fn call(&mut self, name: &str, args: &[Expr]) -> Result<Pred, Unsupported> {
        match (name, args) {
            ("not", [a]) => match self.pred(a)? {
                Pred::Css(c) => Ok(Pred::Css(format!(":not({})", as_compound(&c)))),
                Pred::Text(_) => unsupported("`not()` of a text test"),
            },
            ("true", []) => Ok(Pred::Css(String::new())),
            ("contains" | "starts-with" | "ends-with", [hay, Expr::Literal(needle)]) => {
                if name == "ends-with" {
                    self.note("`ends-with()` is XPath 2.0 (Full-Text RSS's XPath 1.0 rejects it); translated as meant");
                }
                if let Some(attr) = attribute_of(hay) {
                    if needle.is_empty() && name != "ends-with" {
                        // Every string contains and starts with "".
                        return Ok(Pred::Css(String::new()));
                    }
                    let op = match name {
                        "contains" => "*=",
                        "starts-with" => "^=",
                        _ => "$=",
                    };
                    return Ok(Pred::Css(format!(
                        "[{}{op}{}]",
                        attr_name(&attr)?,
                        quote(needle)
                    )));
                }
                if let Some((attr, normalized)) = padded_attribute(hay) {
                    if name != "contains" {
                        return unsupported("`starts-with` on a padded attribute");
                    }
                    let token = needle.trim();
                    if needle.starts_with(' ')
                        && needle.ends_with(' ')
                        && !token.contains(char::is_whitespace)
                        && !token.is_empty()
                    {
                        if !normalized {
                            self.note("the class idiom without normalize-space() also matches tab-separated names");
                        }
                        return Ok(Pred::Css(token_css(&attr, token)?));
                    }
                    self.note("a padded attribute test taken as a substring test");
                    return Ok(Pred::Css(format!(
                        "[{}*={}]",
                        attr_name(&attr)?,
                        quote(needle.trim())
                    )));
                }
                if let Some(lower) = lowercased_attribute(hay) {
                    let op = match name {
                        "contains" => "*=",
                        "starts-with" => "^=",
                        _ => "$=",
                    };
                    return Ok(Pred::Css(format!(
                        "[{}{op}{} i]",
                        attr_name(&lower)?,
                        quote(needle)
                    )));
                }
                if is_text(hay) {
                    return Ok(Pred::Text(if name == "contains" {
                        TextCond::Contains(needle.clone())
                    } else if name == "starts-with" {
                        TextCond::StartsWith(needle.clone())
                    } else {
                        return unsupported("`ends-with` on text");
                    }));
                }
                if name == "contains" && is_child_path(hay) {
                    self.note("tests the text of an element inside: taken as the block's text");
                    return Ok(Pred::Text(TextCond::Contains(needle.clone())));
                }
                unsupported(format!(
                    "`{name}()` on something other than an attribute or the text"
                ))
            }
            _ => unsupported(format!("the function `{name}()` has no CSS form")),
        }
    }

    fn compare(&mut self, l: &Expr, op: &str, r: &Expr) -> Result<Pred, Unsupported> {
        let (side, lit) = match (l, r) {
            (x, Expr::Literal(s)) | (Expr::Literal(s), x) => (x, s),
            _ => return unsupported("a comparison that is not with a string"),
        };
        if let Some(attr) = attribute_of(side) {
            let a = attr_name(&attr)?;
            return Ok(Pred::Css(if op == "=" {
                format!("[{a}={}]", quote(lit))
            } else {
                format!("[{a}]:not([{a}={}])", quote(lit))
            }));
        }
        if let Expr::Call(f, args) = side {
            if f == "normalize-space" {
                if let [arg] = &args[..] {
                    if let Some(attr) = attribute_of(arg) {
                        self.note("normalize-space() on an attribute ignored: compared as written");
                        let a = attr_name(&attr)?;
                        return Ok(Pred::Css(if op == "=" {
                            format!("[{a}={}]", quote(lit.trim()))
                        } else {
                            format!(":not([{a}={}])", quote(lit.trim()))
                        }));
                    }
                }
            }
        }
        if is_text(side) && op == "=" {
            return Ok(Pred::Text(TextCond::Equals(lit.clone())));
        }
        unsupported("a comparison with no CSS form")
    }

    /// `[x]`, `[.//x]`, `[x/y]`, `[@a]`: the predicate's path exists.
    fn exists(&mut self, p: &Path) -> Result<Pred, Unsupported> {
        if p.start != Start::Relative {
            return unsupported("an absolute path inside a predicate");
        }
        let steps = &p.steps;
        if let [s] = &steps[..] {
            match (s.axis, &s.test) {
                (Axis::Attribute, Test::Name(n)) if s.preds.is_empty() => {
                    return Ok(Pred::Css(format!("[{}]", attr_name(n)?)))
                }
                (Axis::Child, Test::Text) if s.preds.is_empty() => {
                    return unsupported("`[text()]` (has direct text) has no CSS form")
                }
                (Axis::SelfAxis, _) => {
                    let (c, t) = self.compound(s)?;
                    if t.is_some() {
                        return unsupported("a text test in a `self::` predicate");
                    }
                    return Ok(Pred::Css(format!(":is({c})")));
                }
                // Something before it in the page, outside its ancestors:
                // it follows that thing's element or an element holding it.
                (Axis::Preceding, _) if s.preds.iter().all(|p| position_of(p).is_none()) => {
                    let (c, t) = self.compound(s)?;
                    if t.is_some() {
                        return unsupported("a text test in a `preceding::` predicate");
                    }
                    return Ok(Pred::Css(format!(
                        ":is({c} ~ *, {c} ~ * *, :has({c}) ~ *, :has({c}) ~ * *)"
                    )));
                }
                (Axis::Parent, _) | (Axis::Ancestor, _) | (Axis::PrecedingSibling, _) => {
                    let (c, t) = self.compound(s)?;
                    if t.is_some() {
                        return unsupported("a text test in an upward predicate");
                    }
                    let comb = match s.axis {
                        Axis::Parent => " > ",
                        Axis::Ancestor => " ",
                        _ => " ~ ",
                    };
                    return Ok(Pred::Css(format!(":is({c}{comb}*)")));
                }
                _ => {}
            }
        }
        // A downward (or following-sibling) path from the element: `:has()`.
        let mut rel = String::new();
        let mut steps = &steps[..];
        // A leading `.` (`./x`, `.//x`) is the element itself.
        if let Some(s) = steps.first() {
            if s.axis == Axis::SelfAxis && s.test == Test::Node && s.preds.is_empty() {
                steps = &steps[1..];
            }
        }
        if steps.is_empty() {
            return unsupported("`[.]` tests the element's text");
        }
        for s in steps {
            let (c, t) = self.compound(s)?;
            if let Some(t) = t {
                self.note("a text test on an element inside: taken as the block's text");
                return Ok(Pred::Text(t));
            }
            let comb = match s.axis {
                Axis::Child if s.deep => " ",
                Axis::Child => " > ",
                Axis::Descendant | Axis::DescendantOrSelf => " ",
                Axis::FollowingSibling => {
                    if s.preds.first().and_then(position_of) == Some(1) && s.test == Test::Any {
                        " + "
                    } else if s.preds.first().and_then(position_of).is_some() {
                        return unsupported("a position on a sibling axis inside a predicate");
                    } else {
                        " ~ "
                    }
                }
                _ => return unsupported("this axis inside a predicate"),
            };
            if matches!(s.test, Test::Text | Test::Node | Test::Other) {
                return unsupported("a text or node test inside a nested path");
            }
            rel.push_str(comb);
            rel.push_str(&c);
        }
        Ok(Pred::Css(format!(":has({})", rel.trim_start())))
    }
}

/// `[1]` or `[position() = 1]` as a number.
fn position_of(e: &Expr) -> Option<i64> {
    match e {
        Expr::Number(n) if n.fract() == 0.0 && *n >= 1.0 => Some(*n as i64),
        _ => None,
    }
}

fn flip(op: &'static str) -> &'static str {
    match op {
        "<" => ">",
        ">" => "<",
        "<=" => ">=",
        ">=" => "<=",
        other => other,
    }
}

/// `:nth-of-type(f)` for a named test, `:nth-child(f)` for `*`.
fn nth(test: &Test, formula: &str) -> Result<String, Unsupported> {
    match test {
        Test::Name(_) => Ok(format!(":nth-of-type({formula})")),
        Test::Any => Ok(format!(":nth-child({formula})")),
        _ => unsupported("a position on text or nodes"),
    }
}

fn last_of(test: &Test) -> Result<String, Unsupported> {
    match test {
        Test::Name(_) => Ok(":last-of-type".to_owned()),
        Test::Any => Ok(":last-child".to_owned()),
        _ => unsupported("a position on text or nodes"),
    }
}

/// The CSS for a node test.
fn test_css(test: &Test) -> Result<String, Unsupported> {
    match test {
        Test::Any => Ok("*".to_owned()),
        Test::Name(name) => {
            if name.contains(':') {
                return unsupported(format!("the namespaced name `{name}`"));
            }
            let ok = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if ok {
                Ok(name.clone())
            } else {
                unsupported(format!("`{name}` is not an element name CSS can write"))
            }
        }
        Test::Text | Test::Node | Test::Other => {
            unsupported("selects text or other nodes, not elements")
        }
    }
}

/// The attribute an expression reads: `@a`, `./@a`, `string(@a)`.
fn attribute_of(e: &Expr) -> Option<String> {
    match e {
        Expr::Path(Path {
            start: Start::Relative,
            steps,
        }) => match &steps[..] {
            [s] if s.axis == Axis::Attribute && s.preds.is_empty() => match &s.test {
                Test::Name(n) => Some(n.clone()),
                _ => None,
            },
            [dot, s]
                if dot.axis == Axis::SelfAxis
                    && dot.test == Test::Node
                    && s.axis == Axis::Attribute
                    && !s.deep =>
            {
                match &s.test {
                    Test::Name(n) => Some(n.clone()),
                    _ => None,
                }
            }
            _ => None,
        },
        Expr::Call(f, args) if f == "string" && args.len() == 1 => attribute_of(&args[0]),
        _ => None,
    }
}

/// `concat(' ', normalize-space(@a), ' ')` (or without normalize-space):
/// the attribute and whether it was normalized.
fn padded_attribute(e: &Expr) -> Option<(String, bool)> {
    let Expr::Call(f, args) = e else { return None };
    if f != "concat" || args.len() != 3 {
        return None;
    }
    let space = |e: &Expr| matches!(e, Expr::Literal(s) if s == " ");
    if !space(&args[0]) || !space(&args[2]) {
        return None;
    }
    if let Some(a) = attribute_of(&args[1]) {
        return Some((a, false));
    }
    match &args[1] {
        Expr::Call(n, inner) if n == "normalize-space" && inner.len() == 1 => {
            attribute_of(&inner[0]).map(|a| (a, true))
        }
        _ => None,
    }
}

/// `translate(@a, 'ABC…', 'abc…')`: a lower-cased attribute.
fn lowercased_attribute(e: &Expr) -> Option<String> {
    let Expr::Call(f, args) = e else { return None };
    match &args[..] {
        [a, Expr::Literal(from), Expr::Literal(to)]
            if f == "translate" && from.to_lowercase() == *to =>
        {
            attribute_of(a)
        }
        _ => None,
    }
}

/// `.`, `text()`, `string()`, `normalize-space()`, `normalize-space(.)`,
/// `normalize-space(text())`: the element's text.
fn is_text(e: &Expr) -> bool {
    match e {
        Expr::Path(Path {
            start: Start::Relative,
            steps,
        }) => match &steps[..] {
            [s] => {
                s.preds.is_empty()
                    && ((s.axis == Axis::SelfAxis && s.test == Test::Node)
                        || (s.axis == Axis::Child && s.test == Test::Text))
            }
            _ => false,
        },
        Expr::Call(f, args) if f == "normalize-space" || f == "string" => {
            args.is_empty() || (args.len() == 1 && is_text(&args[0]))
        }
        _ => false,
    }
}

/// A relative path to elements inside (`em`, `.//strong`).
fn is_child_path(e: &Expr) -> bool {
    match e {
        Expr::Path(Path {
            start: Start::Relative,
            steps,
        }) => {
            steps.iter().all(|s| {
                matches!(s.test, Test::Name(_))
                    && matches!(s.axis, Axis::Child | Axis::Descendant)
                    && s.preds.is_empty()
            }) || (steps.len() >= 2
                && steps[0].axis == Axis::SelfAxis
                && steps[1..]
                    .iter()
                    .all(|s| matches!(s.test, Test::Name(_)) && s.preds.is_empty()))
        }
        _ => false,
    }
}

/// `.x` when `x` is a plain identifier, else `[class~="x"]`; `#x` and
/// `[id="x"]` likewise for `id`.
fn token_css(attr: &str, token: &str) -> Result<String, Unsupported> {
    if attr == "class" && is_ident(token) {
        return Ok(format!(".{token}"));
    }
    Ok(format!("[{}~={}]", attr_name(attr)?, quote(token)))
}

fn is_ident(s: &str) -> bool {
    let b = s.as_bytes();
    let start = usize::from(b.first() == Some(&b'-'));
    b.get(start)
        .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'-')
}

fn attr_name(name: &str) -> Result<String, Unsupported> {
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        || !name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
    {
        return unsupported(format!("`{name}` is not an attribute name CSS can write"));
    }
    Ok(name.to_owned())
}

/// A CSS string in double quotes.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\a "),
            c if c.is_control() => out.push_str(&format!("\\{:x} ", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A filter that starts with a tag (`div.x`) used as part of another
/// compound: `:is(div.x)`; a plain filter (`.x`) as it is.
fn compound_as_filter(c: &str) -> String {
    if c.starts_with(|ch: char| ch.is_ascii_alphabetic()) || c.starts_with('*') {
        format!(":is({c})")
    } else {
        c.to_owned()
    }
}

/// A filter as a standalone compound, for `:not()` and `:is()`.
fn as_compound(c: &str) -> String {
    if c.is_empty() {
        "*".to_owned()
    } else {
        c.to_owned()
    }
}

/// A complex selector (or list) made safe to use as one unit.
fn is_wrap(p: &str) -> String {
    if top_level_comma(p) {
        format!(":is({p})")
    } else {
        p.to_owned()
    }
}

/// Whether a selector is a list (a comma outside brackets, parentheses
/// and quotes).
fn top_level_comma(p: &str) -> bool {
    crate::rules::parse::top_level(p, ',').next().is_some()
}

/// A selector list inside `:is()`.
fn is_list(p: &str) -> String {
    format!(":is({p})")
}

/// The selector for a previous subject inside `:has()`: a relative
/// selector starts at the `:has` element, so the whole chain goes in `:is`.
fn relative_inner(p: &str) -> String {
    if p.contains(' ') || p.contains(',') {
        format!(":is({p})")
    } else {
        p.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn css(x: &str) -> String {
        let t = translate(x, false).unwrap_or_else(|e| panic!("{x}: {e}"));
        assert_eq!(t.targets.len(), 1, "{x}: {t:?}");
        match &t.targets[0] {
            Target::Css { selector, .. } if scraper::Selector::parse(selector).is_err() => {
                panic!("{x}: `{selector}` does not compile")
            }
            Target::Css { selector, attr } => match attr {
                Some(a) => format!("{selector}@{a}"),
                None => selector.clone(),
            },
            other => panic!("{x}: {other:?}"),
        }
    }

    fn exact(x: &str) -> String {
        let t = translate(x, false).unwrap_or_else(|e| panic!("{x}: {e}"));
        assert!(t.notes.is_empty(), "{x}: {:?}", t.notes);
        css(x)
    }

    #[test]
    fn plain_paths_and_attribute_tests() {
        assert_eq!(exact("//article"), "article");
        assert_eq!(exact("//div[@id='content']"), "div[id=\"content\"]");
        assert_eq!(exact("//div[@id = \"a\"]//p"), "div[id=\"a\"] p");
        assert_eq!(exact("//div[@class='a']/p"), "div[class=\"a\"] > p");
        assert_eq!(exact("/html/body/div"), "html:root > body > div");
        assert_eq!(
            exact("//*[contains(@class,'share')]"),
            "*[class*=\"share\"]"
        );
        assert_eq!(
            exact("//a[starts-with(@href, 'http')]"),
            "a[href^=\"http\"]"
        );
        assert_eq!(
            exact("//div[contains(concat(' ',normalize-space(@class),' '),' post-body ')]"),
            "div.post-body"
        );
        assert_eq!(
            exact("//div[@class='a' or @id='b']"),
            "div:is([class=\"a\"], [id=\"b\"])"
        );
        assert_eq!(exact("//div[@a and not(@b)]"), "div[a]:not([b])");
        assert_eq!(exact("//div[@a!='x']"), "div[a]:not([a=\"x\"])");
        assert_eq!(exact("//h1 | //h2"), "h1, h2");
        assert_eq!(exact("id('story')/p"), "*[id=\"story\"] > p");
        assert_eq!(
            exact("//meta[@property='og:title']/@content"),
            "meta[property=\"og:title\"]@content"
        );
    }

    #[test]
    fn positions_structure_and_siblings() {
        assert_eq!(exact("//div/p[1]"), "div > p:nth-of-type(1)");
        assert_eq!(exact("//div/*[last()]"), "div > *:last-child");
        assert_eq!(exact("//p[position() > 2]"), "p:nth-of-type(n+3)");
        assert_eq!(exact("//div[.//img]"), "div:has(img)");
        assert_eq!(exact("//div[h2]"), "div:has(> h2)");
        assert_eq!(exact("//div[not(p)]"), "div:not(:has(> p))");
        assert_eq!(
            exact("//h2[@id='x']/following-sibling::*"),
            "h2[id=\"x\"] ~ *"
        );
        assert_eq!(exact("//h2/following-sibling::*[1]"), "h2 + *");
        assert_eq!(exact("//span[@class='x']/.."), "*:has(> span[class=\"x\"])");
        assert_eq!(
            exact("//span[@class='x']/parent::div"),
            "div:has(> span[class=\"x\"])"
        );
        assert_eq!(exact("//div[@id='x']/self::div"), "div[id=\"x\"]:is(div)");
        assert!(translate("//div[@id='x']/preceding::p", false).is_err());
        assert_eq!(
            exact("//p[preceding::hr]"),
            "p:is(hr ~ *, hr ~ * *, :has(hr) ~ *, :has(hr) ~ * *)"
        );
        assert!(translate("//div[count(p) > 2]", false).is_err());
        assert!(translate("//div[@class='x'][1]", false).is_err());
    }

    #[test]
    fn text_tests_become_text_patterns() {
        let t = translate("//p[contains(., 'Read more')]", true).expect("translates");
        assert_eq!(t.targets, [Target::Text("Read\\s+more".to_owned())]);
        assert!(!t.notes.is_empty());
        let t = translate("//h2[text()='Related']/following-sibling::*", true).expect("translates");
        assert_eq!(t.targets, [Target::StopAt("^\\s*Related\\s*$".to_owned())]);
        assert!(translate("//p[contains(., 'x')]", false).is_err());
        let t = translate("//h1 | //p[starts-with(normalize-space(.), 'Ad:')]", true).expect("ok");
        assert_eq!(
            t.targets,
            [
                Target::Css {
                    selector: "h1".to_owned(),
                    attr: None
                },
                Target::Text("^\\s*Ad:".to_owned())
            ]
        );
    }

    #[test]
    fn operators_and_names_are_told_apart() {
        assert_eq!(
            exact("//div[@class='a' and @id='b']"),
            "div[class=\"a\"][id=\"b\"]"
        );
        assert_eq!(exact("//and"), "and");
        assert_eq!(exact("//*[@data-x]"), "*[data-x]");
        assert!(parse("//div[").is_err());
        assert!(parse("//div[@a='x]").is_err());
    }
}

/// What scraper's CSS dialect (the `selectors` crate under it) accepts,
/// which decides what the translation may emit.
#[cfg(test)]
mod dialect {
    fn compiles(css: &str) -> bool {
        scraper::Selector::parse(css).is_ok()
    }

    #[test]
    fn what_scraper_supports() {
        for ok in [
            "div:has(> p)",
            "div:has(img)",
            "h2:has(~ p)",
            "*:has(+ p)",
            "div:not(:has(> p))",
            "p:nth-child(2)",
            "p:nth-of-type(-n+3)",
            "p:last-of-type",
            "[a^=\"x\"][b$=\"y\"][c*=\"z\"][d~=\"w\"][e|=\"v\"]",
            "[class*=\"x\" i]",
            ":is(div.a, section .b) > p",
            "div:not(div.a > p, .b)",
            "h2 ~ p:not(h2 ~ p ~ p)",
            "section:has(a):not(:has(section a))",
        ] {
            assert!(compiles(ok), "{ok}");
        }
        // Not supported: nested :has, and `:nth-child(an+b of S)`.
        for bad in ["div:has(> p:has(a))", "p:nth-child(1 of .x)"] {
            assert!(!compiles(bad), "{bad}");
        }
    }
}
