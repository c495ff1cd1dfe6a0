//! Prints `openapi.json` (`cargo run -p coherent-openapi > openapi.json`).

fn main() {
    print!("{}", coherent_openapi::document_text());
}
