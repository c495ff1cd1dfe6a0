//! `data`: the state kept in an SQLite file across restarts, reset, and the files refused.

mod common;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use coherent_sandbox::{SandboxError, SandboxOptions, SCHEMA_VERSION};
use common::*;
use serde_json::{json, Value};

/// A fresh folder under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        static N: AtomicU32 = AtomicU32::new(0);
        let path = std::env::temp_dir().join(format!(
            "coherent-sandbox-persistence-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    fn file(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn on_file(path: &Path, seed: bool) -> SandboxOptions {
    SandboxOptions {
        port: 0,
        seed,
        data: Some(path.to_path_buf()),
        webhook_retry: fast_retry(2),
        ..Default::default()
    }
}

async fn start_on(path: &Path, seed: bool) -> Api {
    start_with(on_file(path, seed)).await
}

/// A webhook receiver that answers 200.
async fn receiver() -> String {
    let app = axum::Router::new().route("/hook", axum::routing::post(|| async { "ok" }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{address}/hook")
}

/// The delivery log once every delivery has been answered.
async fn all_delivered(api: &Api) -> Value {
    for _ in 0..400 {
        let (_, list) = api.control("GET", "/sandbox/webhooks", None).await;
        if list
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["delivered"] == true)
        {
            return list;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("deliveries still pending");
}

fn uuid_of(v: &Value) -> String {
    v["uuid"].as_str().expect("uuid").to_string()
}

const SEEDED: &str = "api-test-00000000000000000000000000000000";

/// What a clinic app would look at, and the ids to look it up again.
struct World {
    clinic_key: String,
    uuids: Vec<String>,
    plan: String,
    customer: String,
    clinic: String,
    account: String,
}

async fn build_world(api: &Api) -> World {
    let k = SEEDED;
    let paid = uuid_of(&api.create_transaction(k, 5000).await);
    api.control_ok(&format!("/sandbox/transactions/{paid}/pay"), json!({}))
        .await;
    api.post(
        &format!("/api/v1/transaction/{paid}/refund"),
        k,
        json!({ "amount": 1500, "reason": "goodwill" }),
    )
    .await;
    let on_terminal = uuid_of(&api.create_transaction(k, 700).await);
    let terminal = api.get("/api/v1/terminal", k).await[1]["id"]
        .as_str()
        .unwrap()
        .to_string();
    api.put(
        &format!("/api/v1/terminal/{terminal}/transaction"),
        k,
        json!({ "transactionUuid": on_terminal }),
    )
    .await;
    let plan = uuid_of(
        &api.post(
            "/api/v1/payment/plan",
            k,
            json!({ "name": "Braces", "amount": 2500, "startDate": api.today().await,
                    "type": "recurring", "method": "card", "extraKey": "kept" }),
        )
        .await,
    );
    api.control_ok(
        &format!("/sandbox/payment-plans/{plan}/authorise"),
        json!({}),
    )
    .await;
    let (customer, wallet) = api
        .customer_with_wallet(
            k,
            json!({ "providerReferenceId": "R-1", "firstName": "Ann" }),
            json!({ "name": "Ann's card", "emailNotify": false, "smsNotify": false }),
        )
        .await;
    let wallet = uuid_of(&wallet);
    api.control_ok(&format!("/sandbox/wallets/{wallet}/authorise"), json!({}))
        .await;
    let debit = api
        .post(
            &format!("/api/v1/customer/{customer}/wallet/debit"),
            k,
            json!({ "amount": 900, "walletUuid": wallet }),
        )
        .await;
    // A clinic onboarded by the seeded partner, with a random key of its own.
    let onboarded = api
        .post(
            "/api/v1/onboarding",
            k,
            json!({ "name": "Smile Clinic", "email": "hello@smile.test",
                    "webhookUrl": "http://127.0.0.1:9/hook" }),
        )
        .await;
    let clinic = uuid_of(&onboarded);
    let clinic_key = onboarded["apiKey"].as_str().unwrap().to_string();
    // The clinic's receiver has a bad day ahead (no delivery is made for it, so it stays 3).
    api.control_ok(
        &format!("/sandbox/clinics/{clinic}/webhooks/fail-next"),
        json!({ "count": 3 }),
    )
    .await;
    // An email and a text the gateway would send (the outbox).
    api.post(
        "/api/v1/transaction",
        k,
        json!({ "amount": 1200, "name": "Jo Patient", "email": "jo@example.test",
                "phone": "+447700900123", "emailNotify": true, "smsNotify": true }),
    )
    .await;
    // A plan paused after its first charge: its next month is skipped.
    let paused = uuid_of(
        &api.post(
            "/api/v1/payment/plan",
            k,
            json!({ "name": "Retainer", "amount": 1000, "startDate": api.today().await,
                    "type": "recurring", "method": "card" }),
        )
        .await,
    );
    api.control_ok(
        &format!("/sandbox/payment-plans/{paused}/authorise"),
        json!({}),
    )
    .await;
    api.put(
        &format!("/api/v1/payment/plan/{paused}/status"),
        k,
        json!({ "status": "paused" }),
    )
    .await;
    let account = uuid_of(
        &api.get(&format!("/api/v1/merchant/{clinic}/account"), &clinic_key)
            .await[0],
    );
    // The clock moves on: the plan's first occurrence runs, refunds settle.
    api.advance(40).await;
    World {
        clinic_key,
        uuids: vec![
            paid,
            on_terminal,
            debit["transactionUuid"].as_str().unwrap().to_string(),
        ],
        plan,
        customer,
        clinic,
        account,
    }
}

/// Everything observable about the world, through the API (links without the address).
async fn snapshot(api: &Api, w: &World) -> Value {
    let k = SEEDED;
    let mut transactions = Vec::new();
    for uuid in &w.uuids {
        transactions.push(api.transaction(k, uuid).await);
    }
    let seen = json!({
        "transactions": transactions,
        "terminals": api.get("/api/v1/terminal", k).await,
        "plan": api.get(&format!("/api/v1/payment/plan/{}", w.plan), k).await,
        "customer": api.get(&format!("/api/v1/customer/{}", w.customer), k).await,
        "wallets": api.get(&format!("/api/v1/customer/{}/wallet", w.customer), k).await,
        "merchants": api.get("/api/v1/merchant", k).await,
        "clinic": api.get("/api/v1/merchant", &w.clinic_key).await,
        "clinic_keys": api.get(&format!("/api/v1/merchant/{}/account/{}/api-key", w.clinic, w.account), k).await,
        "deliveries": all_delivered(api).await,
        "outbox": api.control("GET", "/sandbox/outbox", None).await.1,
        "clinics": api.control("GET", "/sandbox/clinics", None).await.1,
        "skipped": skipped_months(api).await,
    });
    // Links carry the address, which differs between runs on port 0.
    serde_json::from_str(&seen.to_string().replace(&api.url, "{sandbox}")).unwrap()
}

/// The seeded clinic's plan occurrences that passed without a charge, as its dashboard shows.
async fn skipped_months(api: &Api) -> usize {
    let (_, clinics) = api.control("GET", "/sandbox/clinics", None).await;
    let seeded = clinics
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Sandbox Dental Clinic")
        .expect("the seeded clinic");
    let merchant = seeded["uuid"].as_str().unwrap();
    let (status, page) = api
        .page(&format!("/dashboard/clinics/{merchant}/plans"))
        .await;
    assert_eq!(status, 200);
    page.matches("skipped (paused)").count()
}

async fn sandbox_ms(api: &Api) -> i64 {
    let (_, now) = api.control("GET", "/sandbox/clock", None).await;
    let text = now["now"].as_str().unwrap();
    // 2026-11-25T09:00:00.000Z: days from the date, then the time of day.
    let date: Vec<i64> = text[..10].split('-').map(|p| p.parse().unwrap()).collect();
    let (y, m, d) = (date[0] - i64::from(date[1] <= 2), date[1], date[2]);
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468;
    let time: Vec<i64> = text[11..23]
        .split([':', '.'])
        .map(|p| p.parse().unwrap())
        .collect();
    days * 86_400_000 + time[0] * 3_600_000 + time[1] * 60_000 + time[2] * 1000 + time[3]
}

#[tokio::test]
async fn a_restart_on_the_same_file_keeps_everything_the_clock_and_the_keys() {
    let dir = TempDir::new();
    let file = dir.file("sandbox.db");
    let hook = receiver().await;
    let with_hook = |seed| SandboxOptions {
        webhook_url: Some(hook.clone()),
        ..on_file(&file, seed)
    };
    let mut first = start_with(with_hook(true)).await;
    let world = build_world(&first).await;
    let before = snapshot(&first, &world).await;
    let clock_before = sandbox_ms(&first).await;
    first.sandbox.close().await;

    let mut second = start_with(with_hook(true)).await;
    // The outbox keeps its messages as sent: their links name the first sandbox's address.
    let after = snapshot(&second, &world).await.to_string();
    let after: Value = serde_json::from_str(&after.replace(&first.url, "{sandbox}")).unwrap();
    assert_eq!(after, before, "everything reads back the same");
    assert!(before["deliveries"].as_array().unwrap().len() >= 4);
    // 14b's state too: the outbox, the fail-next count and the skipped month.
    assert_eq!(
        before["outbox"].as_array().unwrap().len(),
        2,
        "an email and a text"
    );
    let fail_next: Vec<&Value> = before["clinics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["failNextWebhooks"])
        .collect();
    assert!(fail_next.contains(&&json!(3)), "{fail_next:?}");
    assert_eq!(before["skipped"], 1, "the paused plan's month");
    // The clock is still 40 days ahead of the wall clock (and did not go back).
    let clock_after = sandbox_ms(&second).await;
    assert!(
        clock_after >= clock_before && clock_after - clock_before < 60_000,
        "{clock_before} then {clock_after}"
    );
    // --seed again: still the one demo clinic (the partner and the clinic it onboarded).
    assert_eq!(before["merchants"].as_array().unwrap().len(), 2);
    // Counters carry on: a new clinic's terminals do not reuse the old ids.
    let newer = key(9);
    let old_ids = after["terminals"].to_string();
    for terminal in api_terminals(&second, &newer).await {
        assert!(!old_ids.contains(&terminal), "{terminal} reused");
    }
    // And the state keeps changing and being kept.
    let ran = second.advance(31).await["transactions"].clone();
    assert_eq!(
        ran.as_array().unwrap().len(),
        1,
        "the plan's next month ran"
    );
    let changed = snapshot(&second, &world).await;
    assert_ne!(changed["plan"], after["plan"]);
    second.sandbox.close().await;
    let mut third = start_with(with_hook(false)).await;
    assert_eq!(snapshot(&third, &world).await, changed);
    third.sandbox.close().await;
}

async fn api_terminals(api: &Api, key: &str) -> Vec<String> {
    api.get("/api/v1/terminal", key)
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect()
}

/// Starts on `file` once the sandbox before it (dropped, not closed) has let go of it.
async fn start_when_free(file: &Path) -> Api {
    for _ in 0..200 {
        match coherent_sandbox::Sandbox::start(on_file(file, false)).await {
            Ok(sandbox) => {
                let url = sandbox.url();
                return Api {
                    sandbox,
                    url,
                    http: reqwest::Client::new(),
                };
            }
            Err(SandboxError::Data { .. }) => tokio::time::sleep(Duration::from_millis(25)).await,
            Err(other) => panic!("{other}"),
        }
    }
    panic!("the file stayed in use");
}

#[tokio::test]
async fn sandbox_methods_are_kept_without_a_request_or_a_close() {
    let dir = TempDir::new();
    let file = dir.file("sandbox.db");
    let first = start_on(&file, true).await;
    let tx = uuid_of(&first.create_transaction(SEEDED, 4200).await);
    let clinic = first.get("/api/v1/merchant", SEEDED).await[0]["uuid"]
        .as_str()
        .unwrap()
        .to_string();
    let clock_before = sandbox_ms(&first).await;
    // The Node `Sandbox` methods call these: no HTTP request, so no save by the middleware.
    first.sandbox.pay(&tx, json!({})).unwrap();
    first.sandbox.advance_clock(json!({ "days": 3 })).unwrap();
    first.sandbox.fail_next_webhooks(&clinic, 2).unwrap();
    // Dropped without `close` (which would save what is left): as if the process died.
    drop(first);

    let mut second = start_when_free(&file).await;
    assert_eq!(second.transaction(SEEDED, &tx).await["status"], "paid");
    let ahead = sandbox_ms(&second).await - clock_before;
    assert!(
        ahead >= 3 * 86_400_000,
        "the clock moved 3 days: {ahead} ms"
    );
    assert_eq!(second.sandbox.clinics()[0]["failNextWebhooks"], 2);
    second.sandbox.close().await;
}

#[tokio::test]
async fn reset_empties_the_file_too() {
    let dir = TempDir::new();
    let file = dir.file("sandbox.db");
    let mut first = start_on(&file, true).await;
    let tx = uuid_of(&first.create_transaction(SEEDED, 100).await);
    let other = key(5);
    first.create_transaction(&other, 100).await;
    first.advance(3).await;
    let seeded_before = first.get("/api/v1/merchant", SEEDED).await;
    let (status, _) = first.control("POST", "/sandbox/reset", None).await;
    assert_eq!(status, 200);
    first.sandbox.close().await;

    let mut second = start_on(&file, true).await;
    let (status, _) = second
        .call("GET", &format!("/api/v1/transaction/{tx}"), SEEDED, None)
        .await;
    assert_eq!(status, 404, "the transaction went with the reset");
    // The seeded clinic is a new one (reset re-seeds), once; the clock is back to the wall.
    let seeded_after = second.get("/api/v1/merchant", SEEDED).await;
    assert_eq!(seeded_after.as_array().unwrap().len(), 1);
    assert_ne!(seeded_after[0]["uuid"], seeded_before[0]["uuid"]);
    let wall = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    assert!((sandbox_ms(&second).await - wall).abs() < 60_000);
    second.sandbox.close().await;
}

fn refused(result: Result<coherent_sandbox::Sandbox, SandboxError>) -> String {
    match result {
        Ok(_) => panic!("the sandbox started"),
        Err(e @ SandboxError::Data { .. }) => e.to_string(),
        Err(other) => panic!("another error: {other}"),
    }
}

#[tokio::test]
async fn files_it_cannot_use_are_refused_at_start_with_the_reason() {
    let dir = TempDir::new();
    let start = |path: PathBuf| coherent_sandbox::Sandbox::start(on_file(&path, false));

    // A newer sandbox wrote it.
    let newer = dir.file("newer.db");
    let mut api = start_on(&newer, false).await;
    api.create_transaction(&key(1), 100).await;
    api.sandbox.close().await;
    {
        let db = rusqlite::Connection::open(&newer).unwrap();
        db.execute(
            "UPDATE sandbox_schema SET version = ?1, written_by = '9.9.9'",
            [SCHEMA_VERSION + 1],
        )
        .unwrap();
    }
    let message = refused(start(newer.clone()).await);
    let future = (SCHEMA_VERSION + 1).to_string();
    let ours = SCHEMA_VERSION.to_string();
    assert!(message.contains(&newer.display().to_string()), "{message}");
    assert!(message.contains("newer"), "{message}");
    assert!(message.contains(&format!("version {future}")), "{message}");
    assert!(message.contains(&format!("up to {ours}")), "{message}");
    assert!(message.contains("9.9.9"), "{message}");

    // Not SQLite at all.
    let text = dir.file("notes.txt");
    std::fs::write(&text, "these are my notes, not a database\n".repeat(200)).unwrap();
    let message = refused(start(text.clone()).await);
    assert!(
        message.contains("notes.txt") && message.contains("not an SQLite database"),
        "{message}"
    );
    assert!(std::fs::read_to_string(&text)
        .unwrap()
        .starts_with("these are my notes"));

    // SQLite, but some other program's.
    let foreign = dir.file("foreign.db");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE patients (name TEXT)")
        .unwrap();
    let message = refused(start(foreign.clone()).await);
    assert!(message.contains("not a sandbox data file"), "{message}");

    // A damaged sandbox file: the pages after the first overwritten.
    let damaged = dir.file("damaged.db");
    let mut api = start_on(&damaged, false).await;
    for _ in 0..40 {
        api.create_transaction(&key(2), 100).await;
    }
    api.sandbox.close().await;
    let mut bytes = std::fs::read(&damaged).unwrap();
    assert!(bytes.len() > 8192, "{} bytes", bytes.len());
    for b in &mut bytes[4096..] {
        *b = 0xA5;
    }
    std::fs::write(&damaged, bytes).unwrap();
    let message = refused(start(damaged.clone()).await);
    assert!(message.contains("damaged.db"), "{message}");

    // A folder that does not exist.
    let nowhere = dir.file("no-such-folder").join("sandbox.db");
    let message = refused(start(nowhere.clone()).await);
    assert!(
        message.contains("no-such-folder") && message.contains("does not exist"),
        "{message}"
    );
    assert!(!nowhere.parent().unwrap().exists());

    // One file, one sandbox at a time.
    let shared = dir.file("shared.db");
    let mut running = start_on(&shared, false).await;
    let message = refused(start(shared.clone()).await);
    assert!(message.contains("in use"), "{message}");
    running.sandbox.close().await;
    tokio::time::sleep(Duration::from_millis(10)).await;
    let mut next = start_on(&shared, false).await;
    next.sandbox.close().await;
}
