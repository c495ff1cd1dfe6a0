//! The gate's turns, one test each.

use super::*;

#[tokio::test]
async fn a_connect_polled_by_another_task_is_not_needed() {
    let gate = Gate::new(false);
    let owner = tokio::task::try_id();
    assert!(
        gate.admit(owner, 0).await.is_some(),
        "the call's own task connects"
    );
    let moved = Arc::clone(&gate);
    let moved = tokio::spawn(async move { moved.admit(owner, 0).await.is_some() });
    assert!(!moved.await.unwrap(), "moved to another task: dropped");
}

#[tokio::test]
async fn while_http2_is_possible_connects_take_turns_at_most_max_wait() {
    let gate = Gate::new(true);
    let owner = tokio::task::try_id();
    let first = gate.admit(owner, 0).await.expect("needed");
    assert!(first.is_some(), "the first connect holds the turn");
    let started = tokio::time::Instant::now();
    let second = gate.admit(owner, 0).await.expect("needed");
    assert!(second.is_none(), "gave up waiting");
    assert!(started.elapsed() >= MAX_WAIT);
    assert!(
        !gate.try_spare(),
        "one waiter per MAX_WAIT connects without the turn"
    );
    drop(first);
    gate.learn(false);
    assert!(
        gate.admit(owner, 0).await.expect("needed").is_none(),
        "HTTP/1.1: no turns"
    );
}
