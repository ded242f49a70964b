//! The one stop signal of the long-running services.

/// Resolves on SIGINT (Ctrl-C) or, on Unix, SIGTERM (what `systemctl stop` and `docker stop`
/// send). A signal that cannot be listened for never resolves, so a failed registration does
/// not stop a service that just started.
pub(crate) async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

/// Calls `reload` on every SIGHUP, for as long as the service runs (Unix only; elsewhere, and
/// when the signal cannot be listened for, never). Without this, SIGHUP would end the process.
pub(crate) async fn on_hangup(reload: impl Fn() + Send + 'static) {
    #[cfg(unix)]
    match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()) {
        Ok(mut s) => {
            while s.recv().await.is_some() {
                reload();
            }
        }
        Err(e) => tracing::warn!("SIGHUP kan niet worden opgevangen: {e}"),
    }
    #[cfg(not(unix))]
    {
        let _ = reload;
        std::future::pending::<()>().await;
    }
}
