//! The 政府信息公开工作年度报告 kind.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::error::Diagnostic;
use crate::model::Document;

/// Marker for `"kind": "gov-info-annual-report"`.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
pub enum ReportKind {
    #[serde(rename = "gov-info-annual-report")]
    Report,
}

/// A 政府信息公开工作年度报告.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct AnnualReportInput {
    pub kind: ReportKind,
}

impl AnnualReportInput {
    pub fn into_model(self) -> Result<(Document, Vec<Diagnostic>), Vec<Diagnostic>> {
        Err(vec![Diagnostic::error("kind", "not implemented yet")])
    }
}
