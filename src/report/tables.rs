//! Tables 二, 三 and 四 of the 2021 format, with their labels verbatim and
//! exactly the merges of the national template.

use super::checks::{Stats, T3_ROWS, T4_COLUMNS, T4_GROUPS, TOTAL_ROW};
use crate::input::document::scale_widths;
use crate::model::{Align, Cell, Table};
use crate::style::StyleProfile;

/// Builds a table from cells given row by row (HTML-like), computing positions.
struct Builder {
    ncols: usize,
    covered: Vec<Vec<bool>>,
    cells: Vec<Cell>,
    /// The JSON path of each cell that holds a value of the input (`None`
    /// for a label), in `cells`' order: what a form puts an input in.
    paths: Vec<Option<String>>,
    row: usize,
    col: usize,
}

/// A table of the national format as a grid: its cells, and for each the
/// input's JSON path when it holds a number (`table2_grid` …).
pub struct Grid {
    pub table: Table,
    pub paths: Vec<Option<String>>,
}

impl Builder {
    fn new(ncols: usize) -> Self {
        Builder {
            ncols,
            covered: Vec::new(),
            cells: Vec::new(),
            paths: Vec::new(),
            row: 0,
            col: 0,
        }
    }

    fn next_row(&mut self) {
        self.row += 1;
        self.col = 0;
    }

    fn cell(&mut self, text: impl Into<String>, rowspan: usize, colspan: usize, align: Align) {
        while self.covered.len() < self.row + rowspan {
            self.covered.push(vec![false; self.ncols]);
        }
        while self.covered[self.row][self.col] {
            self.col += 1;
        }
        for r in self.row..self.row + rowspan {
            for c in self.col..self.col + colspan {
                self.covered[r][c] = true;
            }
        }
        self.cells.push(Cell {
            row: self.row,
            col: self.col,
            rowspan,
            colspan,
            text: text.into(),
            align,
            bold: false,
        });
        self.paths.push(None);
        self.col += colspan;
    }

    fn centred(&mut self, text: impl Into<String>) {
        self.cell(text, 1, 1, Align::Center);
    }

    /// A cell holding the input's value at `path`, centred.
    fn value(&mut self, path: String, text: impl Into<String>, colspan: usize) {
        self.cell(text, 1, colspan, Align::Center);
        *self.paths.last_mut().expect("a cell was just added") = Some(path);
    }

    fn finish(self, widths: &[f64], header_rows: usize, style: &StyleProfile) -> Grid {
        Grid {
            table: Table {
                widths: scale_widths(widths, style.text_width()),
                rows: self.row + 1,
                header_rows,
                keep_together: false,
                cells: self.cells,
            },
            paths: self.paths,
        }
    }
}

/// 表二 主动公开政府信息情况: 14 rows × 4 columns.
pub fn table2(s: &Stats, style: &StyleProfile) -> Table {
    table2_grid(s, style).table
}

/// 表二 with the input's path of every value.
pub fn table2_grid(s: &Stats, style: &StyleProfile) -> Grid {
    let mut b = Builder::new(4);
    let section = |b: &mut Builder, text: &str| {
        b.cell(text, 1, 4, Align::Center);
        b.next_row();
    };
    section(&mut b, "第二十条第（一）项");
    for t in ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"] {
        b.centred(t);
    }
    b.next_row();
    for (key, label, v) in [
        ("regulations", "规章", s.regulations),
        (
            "normative_documents",
            "行政规范性文件",
            s.normative_documents,
        ),
    ] {
        b.centred(label);
        for (field, n) in ["made", "repealed", "in_force"].into_iter().zip(v) {
            b.value(format!("active_disclosure.{key}.{field}"), n.to_string(), 1);
        }
        b.next_row();
    }
    let decisions = |b: &mut Builder, heading: &str, rows: &[(&str, &str, String)], what: &str| {
        section(b, heading);
        b.centred("信息内容");
        b.cell(what, 1, 3, Align::Center);
        for (key, label, v) in rows {
            b.next_row();
            b.centred(*label);
            b.value(format!("active_disclosure.{key}"), v.clone(), 3);
        }
        b.next_row();
    };
    decisions(
        &mut b,
        "第二十条第（五）项",
        &[("licensing_decisions", "行政许可", s.licensing.to_string())],
        "本年处理决定数量",
    );
    decisions(
        &mut b,
        "第二十条第（六）项",
        &[
            ("penalty_decisions", "行政处罚", s.penalty.to_string()),
            ("coercion_decisions", "行政强制", s.coercion.to_string()),
        ],
        "本年处理决定数量",
    );
    section(&mut b, "第二十条第（八）项");
    b.centred("信息内容");
    b.cell("本年收费金额（单位：万元）", 1, 3, Align::Center);
    b.next_row();
    b.centred("行政事业性收费");
    b.value("active_disclosure.fees_wan_yuan".into(), s.fees.clone(), 3);
    let mut grid = b.finish(&[2435.0; 4], 0, style);
    grid.table.keep_together = true;
    grid
}

/// Column weights of 表三 (the national template's twips), with the data
/// columns widened when a number would not fit on one line. The first
/// column is wider than the template's 754 (850, taken from the data
/// columns), so that at 五号 it holds three characters a line, 三、本/年度办/
/// 理结果, not 三、/本年/度办/理结/果; the 自然人 column is 850 too, so that
/// its header is whole, as published reports print it (at 671 it broke as
/// 自然/人), and the other six data columns give it the width (685 in the
/// template → 641: they still hold four digits and their headers' two
/// characters a line, 商业/企业, 社会/公益/组织).
fn table3_widths(s: &Stats, style: &StyleProfile) -> Vec<f64> {
    let mut w = vec![
        850.0, 921.0, 3272.0, 850.0, 641.0, 641.0, 641.0, 641.0, 641.0, 641.0,
    ];
    let digits = s
        .applications
        .iter()
        .flat_map(|r| r.iter())
        .map(|n| n.to_string().len())
        .max()
        .unwrap_or(1) as f64;
    // digit width is half the table font size; padding on both sides; twips
    let need = digits * style.table_size as f64 * 5.0 + 2.0 * style.cell_margin_x as f64 + 20.0;
    let scale = 9740.0 / style.text_width() as f64;
    let need = need * scale;
    if need > w[4] {
        let before: f64 = w[3..].iter().sum();
        for x in &mut w[3..] {
            *x = x.max(need);
        }
        let extra = w[3..].iter().sum::<f64>() - before;
        w[2] -= extra.min(w[2] - 1500.0);
    }
    w
}

/// 表三 收到和处理政府信息公开申请情况: 28 rows × 10 columns.
pub fn table3(s: &Stats, style: &StyleProfile) -> Table {
    table3_grid(s, style).table
}

/// 表三 with the input's path of every value.
pub fn table3_grid(s: &Stats, style: &StyleProfile) -> Grid {
    let mut b = Builder::new(10);
    b.cell(
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        3,
        3,
        Align::Center,
    );
    b.cell("申请人情况", 1, 7, Align::Center);
    b.next_row();
    b.cell("自然人", 2, 1, Align::Center);
    b.cell("法人或其他组织", 1, 5, Align::Center);
    b.cell("总计", 2, 1, Align::Center);
    b.next_row();
    for t in [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ] {
        b.centred(t);
    }
    let group_size = |g: &str| T3_ROWS.iter().filter(|d| d.group == Some(g)).count();
    let mut last_group = None;
    for (i, def) in T3_ROWS.iter().enumerate() {
        b.next_row();
        if def.path == "results.disclosed" {
            b.cell("三、本年度办理结果", 22, 1, Align::Center);
        }
        match def.group {
            Some(g) => {
                if last_group != Some(g) {
                    b.cell(g, group_size(g), 1, Align::Left);
                }
                b.cell(def.label, 1, 1, Align::Left);
            }
            None if def.path.starts_with("results.") => b.cell(def.label, 1, 2, Align::Left),
            None => b.cell(def.label, 1, 3, Align::Left),
        }
        last_group = def.group;
        for (col, n) in s.applications[i].iter().enumerate() {
            b.value(
                format!("applications.{}[{col}]", def.path),
                n.to_string(),
                1,
            );
        }
        debug_assert!(i != TOTAL_ROW || def.path == "results.total");
    }
    b.finish(&table3_widths(s, style), 3, style)
}

/// 表四 政府信息公开行政复议、行政诉讼情况: 4 rows × 15 columns.
pub fn table4(s: &Stats, style: &StyleProfile) -> Table {
    table4_grid(s, style).table
}

/// 表四 with the input's path of every value.
pub fn table4_grid(s: &Stats, style: &StyleProfile) -> Grid {
    let mut b = Builder::new(15);
    b.cell("行政复议", 1, 5, Align::Center);
    b.cell("行政诉讼", 1, 10, Align::Center);
    b.next_row();
    let outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
    for t in outcomes {
        b.cell(t, 2, 1, Align::Center);
    }
    b.cell("未经复议直接起诉", 1, 5, Align::Center);
    b.cell("复议后起诉", 1, 5, Align::Center);
    b.next_row();
    for _ in 0..2 {
        for t in outcomes {
            b.centred(t);
        }
    }
    b.next_row();
    for ((key, _), group) in T4_GROUPS.iter().zip(s.review_litigation) {
        for ((field, _), n) in T4_COLUMNS.iter().zip(group) {
            b.value(format!("review_litigation.{key}.{field}"), n.to_string(), 1);
        }
    }
    let mut widths = vec![649.0; 7];
    widths.extend([650.0; 8]);
    b.finish(&widths, 3, style)
}
