//! The standalone `coherent-sandbox` executable: help, refusals, and a run served until SIGTERM.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_coherent-sandbox");

/// A plain HTTP/1.1 GET; returns the whole answer (status line, headers, body).
fn get(url: &str, path: &str) -> String {
    let address = url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .expect("write");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read");
    answer
}

#[test]
fn help_is_the_shared_text_and_bad_flags_exit_2() {
    let help = Command::new(BIN).arg("--help").output().expect("runs");
    assert!(help.status.success());
    assert_eq!(
        String::from_utf8_lossy(&help.stdout),
        coherent_sandbox::cli::HELP
    );

    let bad = Command::new(BIN)
        .args(["--prot", "1"])
        .output()
        .expect("runs");
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&bad.stderr),
        "coherent-sandbox: unknown argument \"--prot\"\nRun coherent-sandbox --help for the options.\n"
    );
    let remote = Command::new(BIN)
        .args(["--port", "0", "--host", "0.0.0.0"])
        .output()
        .expect("runs");
    assert_eq!(remote.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&remote.stderr)
            .contains("options.host: \"0.0.0.0\" is not a loopback interface"),
        "{}",
        String::from_utf8_lossy(&remote.stderr)
    );
}

#[cfg(unix)]
#[test]
fn serves_the_api_until_sigterm_then_exits_0() {
    let mut child = Command::new(BIN)
        .args(["--port", "0", "--seed"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut banner = String::new();
    while !banner.contains("Press Ctrl-C to stop.") {
        assert!(
            stdout.read_line(&mut banner).expect("reads") > 0,
            "exited: {banner}"
        );
    }
    let url = banner
        .lines()
        .find_map(|line| line.strip_prefix("Coherent sandbox listening on "))
        .expect("the banner names the URL")
        .to_string();
    assert!(banner.contains("Seeded clinic key: api-test-00000000000000000000000000000000"));

    assert!(get(&url, "/sandbox/health").starts_with("HTTP/1.1 200"));
    let clinics = get(&url, "/sandbox/clinics");
    assert!(
        clinics.starts_with("HTTP/1.1 200") && clinics.contains("api-test-"),
        "{clinics}"
    );

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).expect("reads");
    assert_eq!(child.wait().expect("exits").code(), Some(0));
    assert_eq!(rest, "Sandbox stopped (SIGTERM).\n");
    assert!(TcpStream::connect(url.trim_start_matches("http://")).is_err());
}
