//! `cargo run -p coherent-js-tables`: rewrites the generated JS files at the repository root and
//! names the ones that changed.

fn main() -> std::io::Result<()> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for (file, text) in coherent_js_tables::files() {
        let path = root.join(file);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            std::fs::write(&path, text)?;
            println!("wrote {file}");
        }
    }
    Ok(())
}
