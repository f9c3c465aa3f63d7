//! A draft's paragraphs and tables recognised as the parts of a 公文.
