//! The message catalogue (locales/*.toml) is compiled into the crate by
//! rust-i18n's macro, which cargo does not know reads those files: without
//! this, editing a message would leave the old text in the binary.
fn main() {
    println!("cargo:rerun-if-changed=locales");
}
