//! `doubled-word`: a word written twice in a row (`行政行政诉讼`), a common
//! slip of editing. Looks for a run of 2–4 Han characters immediately
//! repeated, in the prose (tables are skipped). A word repeated more than
//! twice is one finding over the whole run, and the word is its shortest
//! period (`行政行政行政` is `行政` three times).
//!
//! One character repeated is reduplication (常常, 人人, 天天, 层层, 渐渐),
//! except for the function words listed in `particles` (的的, 了了, 为为,
//! 和和, 在在): their doubling is a slip unless one of the two belongs to a
//! neighbouring word (作为为民 is 作为 + 为民, 为了了解 is 为了 + 了解; the
//! words are listed in `particle_words`), or the pair is half of an AABB
//! reduplication (的的确确, 和和美美) or 不了了之.
//!
//! Parameters:
//! - `allow`: words whose doubling is legitimate (`研究研究`); defaults
//!   cover common reduplications.
//! - `min` / `max`: word length in characters (default 2 and 4).
//! - `particles`: function words whose doubling is a slip (default
//!   的了为和在是与及将于以之而被向从按由并也已其予或就则所).
//! - `particle_words`: two-character words that begin or end with one of
//!   the particles, so that a doubled particle next to them is that word
//!   and the particle (defaults provided).
//!
//! Placeholders: `{word}`, `{text}`.

use serde::Deserialize;

use super::util::prose_ranges;
use super::{Check, CompileEnv, Kind, ParamError, params};
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::engine::{Ctx, Finding};

pub struct DoubledWord;

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "allowed")]
    allow: Vec<String>,
    #[serde(default = "two")]
    min: usize,
    #[serde(default = "four")]
    max: usize,
    #[serde(default = "particles")]
    particles: String,
    #[serde(default = "particle_words")]
    particle_words: Vec<String>,
}

fn particles() -> String {
    "的了为和在是与及将于以之而被向从按由并也已其予或就则所".to_string()
}

/// Words next to which a doubled particle is the word and the particle.
fn particle_words() -> Vec<String> {
    [
        // 的
        "目的 有的 别的 似的 是的 真的 好的 对的 标的 的确 的士",
        // 了
        "为了 除了 到了 过了 罢了 算了 好了 极了 完了 了解 了结 了然 了却",
        // 为
        "作为 认为 成为 行为 以为 因为 称为 视为 更为 较为 最为 极为 尤为 分为 列为 定为 \
         改为 转为 化为 变为 评为 选为 人为 有为 所为 实为 均为 约为 即为 广为 互为 \
         为了 为民 为主 为止 为何 为此 为准 为重 为期 为人 为首 为由 为宜 为本",
        // 和
        "总和 温和 缓和 平和 共和 附和 调和 柔和 和谐 和平 和睦 和解 和美",
        // 在
        "现在 存在 正在 所在 实在 内在 外在 潜在 自在 好在 旨在 重在 贵在 难在 \
         在于 在线 在职 在建 在册 在岗 在编 在押 在内",
        // 是
        "但是 还是 于是 就是 也是 只是 总是 或是 要是 可是 正是 倒是 凡是 真是 算是 \
         若是 像是 不是 而是 是否 是非",
        // 与 及 将 于
        "参与 给与 授与 与会 与其 与否 以及 涉及 波及 普及 危及 论及 顾及 提及 不及 \
         触及 惠及 遍及 及时 及早 及其 即将 必将 终将 行将 将来 将近 由于 对于 关于 \
         属于 至于 等于 终于 位于 处于 在于 敢于 勇于 善于 便于 急于 过于 基于 鉴于 \
         出于 用于 限于 归于 利于 易于 难于 乐于 趋于 源于 大于 小于 低于 高于 多于 少于",
        // 以 之 而 被 向 从 按 由
        "可以 所以 予以 加以 难以 得以 用以 足以 据以 给以 何以 以上 以下 以来 以便 \
         以免 以后 以前 以内 以外 以为 以此 以期 总之 反之 随之 加之 为之 之后 之前 \
         之间 之外 之内 之一 之际 之中 然而 从而 进而 因而 反而 继而 而且 而是 而言 \
         而后 被告 被动 被迫 方向 导向 面向 趋向 倾向 走向 去向 流向 意向 动向 指向 \
         转向 向前 向上 向来 服从 听从 顺从 自从 无从 从事 从严 从速 从来 从此 从中 \
         按照 按时 按期 理由 自由 经由 缘由 事由 由此",
        // 并 也 已 其 予 或 就 则 所
        "合并 并且 并非 并不 早已 而已 业已 已经 尤其 极其 及其 其中 其他 其它 其次 \
         其实 其余 给予 授予 赋予 准予 免予 不予 予以 或者 或许 成就 造就 迁就 将就 \
         就是 就业 就医 就近 就此 规则 原则 否则 准则 细则 守则 法则 总则 实则 场所 \
         处所 诊所 住所 所以 所有 所属 所需 所得",
    ]
    .iter()
    .flat_map(|words| words.split_whitespace())
    .map(String::from)
    .collect()
}

fn allowed() -> Vec<String> {
    [
        "研究研究",
        "讨论讨论",
        "看一看看",
        "学习学习",
        "商量商量",
        "了解了解",
    ]
    .map(String::from)
    .to_vec()
}
fn two() -> usize {
    2
}
fn four() -> usize {
    4
}

struct Compiled {
    allow: Vec<String>,
    min: usize,
    max: usize,
    particles: Vec<char>,
    particle_words: std::collections::HashSet<(char, char)>,
}

impl Kind for DoubledWord {
    fn name(&self) -> &'static str {
        "doubled-word"
    }

    fn summary(&self) -> &'static str {
        "A word of 2–4 Han characters written twice in a row (行政行政诉讼)."
    }

    fn summary_zh(&self) -> &'static str {
        "两到四个汉字的词连写两遍（行政行政诉讼）。"
    }

    fn placeholders(&self) -> &'static [&'static str] {
        &["word", "text"]
    }

    fn params_schema(&self) -> schemars::Schema {
        schemars::schema_for!(Params)
    }

    fn compile(
        &self,
        table: &toml::Table,
        _env: &CompileEnv<'_>,
    ) -> Result<Box<dyn Check>, ParamError> {
        let params: Params = params(table)?;
        if params.min < 1 || params.max < params.min || params.max > 16 {
            return Err(ParamError::at("max", "need 1 <= min <= max <= 16"));
        }
        let mut particle_words = std::collections::HashSet::new();
        for word in &params.particle_words {
            let chars: Vec<char> = word.chars().collect();
            let [first, second] = chars.as_slice() else {
                return Err(ParamError::at(
                    "particle_words",
                    format!("“{word}” is not a word of two characters"),
                ));
            };
            particle_words.insert((*first, *second));
        }
        Ok(Box::new(Compiled {
            allow: params.allow,
            min: params.min,
            max: params.max,
            particles: params.particles.chars().collect(),
            particle_words,
        }))
    }
}

fn is_han(ch: char) -> bool {
    matches!(ch, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

impl Compiled {
    /// Whether the particle doubled at `at` and `at + 1` of `chars` is a
    /// slip: neither copy belongs to a neighbouring word, and the pair is
    /// not half of an AABB reduplication or 不了了之.
    fn doubled_particle(&self, chars: &[(usize, char)], at: usize) -> bool {
        let particle = chars[at].1;
        let before = at.checked_sub(1).map(|b| chars[b].1);
        let after = chars.get(at + 2).map(|(_, c)| *c);
        let word = |a: Option<char>, b: Option<char>| matches!((a, b), (Some(a), Some(b)) if self.particle_words.contains(&(a, b)));
        let pair = |first: usize| {
            chars
                .get(first)
                .zip(chars.get(first + 1))
                .is_some_and(|((_, a), (_, b))| a == b && is_han(*a) && *a != particle)
        };
        let tripled = chars.get(at + 2).is_some_and(|(_, c)| *c == particle);
        let in_a_word = word(before, Some(particle)) || word(Some(particle), after);
        let reduplicated = (at >= 2 && pair(at - 2)) || pair(at + 2);
        let idiom = particle == '了' && before == Some('不');
        self.particles.contains(&particle) && !(tripled || in_a_word || reduplicated || idiom)
    }
}

impl Check for Compiled {
    fn run(&self, cx: &mut Ctx<'_>) {
        for range in prose_ranges(cx.report, cx.text) {
            let chars: Vec<(usize, char)> = cx.text[range.clone()].char_indices().collect();
            let mut i = 0;
            while i < chars.len() {
                // A word starts with a Han character (tested below for every
                // length; testing it once first only saves time).
                if !is_han(chars[i].1) {
                    i += 1;
                    continue;
                }
                let mut found = None;
                for len in (self.min..=self.max).rev() {
                    if i + 2 * len > chars.len() {
                        continue;
                    }
                    // The cheapest necessary condition first.
                    if chars[i].1 != chars[i + len].1 {
                        continue;
                    }
                    let first = &chars[i..i + len];
                    let second = &chars[i + len..i + 2 * len];
                    if !first.iter().all(|(_, c)| is_han(*c)) {
                        continue;
                    }
                    if first.iter().zip(second).any(|((_, a), (_, b))| a != b) {
                        continue;
                    }
                    // 一一, 常常: one character repeated is reduplication.
                    if first.iter().all(|(_, c)| *c == first[0].1) {
                        continue;
                    }
                    found = Some(len);
                    break;
                }
                let Some(found) = found else {
                    // 为为, 的的: a doubled function word.
                    if i + 1 < chars.len()
                        && chars[i].1 == chars[i + 1].1
                        && (i == 0 || chars[i - 1].1 != chars[i].1)
                        && self.doubled_particle(&chars, i)
                    {
                        let start = range.start + chars[i].0;
                        let middle = range.start + chars[i + 1].0;
                        let end = chars
                            .get(i + 2)
                            .map_or(range.end, |(at, _)| range.start + at);
                        let word = cx.text[start..middle].to_string();
                        cx.emit(Finding {
                            span: start..end,
                            args: vec![
                                ("word", word.clone()),
                                ("text", cx.text[start..end].to_string()),
                            ],
                            fix: Some(Fix {
                                message: format!("{}“{word}”", cx.tr("只保留一个", "keep one ")),
                                edits: vec![Edit {
                                    span: middle..end,
                                    replacement: String::new(),
                                }],
                                applicability: Applicability::Unsafe,
                            }),
                            ..Finding::default()
                        });
                        i += 2;
                        continue;
                    }
                    i += 1;
                    continue;
                };
                // The word is its shortest period (行政行政行政行政 is 行政
                // four times), and a run of repeats is one finding.
                let len = (1..=found)
                    .find(|&period| {
                        found % period == 0
                            && chars[i..i + found]
                                .iter()
                                .zip(&chars[i + period..i + found])
                                .all(|((_, a), (_, b))| a == b)
                    })
                    .filter(|&period| period >= self.min)
                    .unwrap_or(found);
                let mut copies = 2;
                while i + (copies + 1) * len <= chars.len()
                    && chars[i..i + len]
                        .iter()
                        .zip(&chars[i + copies * len..i + (copies + 1) * len])
                        .all(|((_, a), (_, b))| a == b)
                {
                    copies += 1;
                }
                let start = range.start + chars[i].0;
                let middle = range.start + chars[i + len].0;
                let end = chars
                    .get(i + copies * len)
                    .map_or(range.end, |(at, _)| range.start + at);
                let word = cx.text[start..middle].to_string();
                let doubled = if copies > 2 {
                    format!("{}…", word.repeat(3))
                } else {
                    cx.text[start..end].to_string()
                };
                if !self.allow.contains(&doubled) {
                    cx.emit(Finding {
                        span: start..end,
                        args: vec![("word", word.clone()), ("text", doubled)],
                        fix: Some(Fix {
                            message: format!("{}“{word}”", cx.tr("只保留一个", "keep one ")),
                            edits: vec![Edit {
                                span: middle..end,
                                replacement: String::new(),
                            }],
                            applicability: Applicability::Unsafe,
                        }),
                        ..Finding::default()
                    });
                }
                i += copies * len;
            }
        }
    }
}
