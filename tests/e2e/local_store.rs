use keyfob_e2e::{scenario, Result, WAIT};

/// Waits until the app has written its settings store, and returns the file's bytes.
async fn settings_file(dir: &std::path::Path) -> Result<Vec<u8>> {
    let file = dir.join("settings.json");
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        if let Ok(bytes) = std::fs::read(&file) {
            if !bytes.is_empty() {
                return Ok(bytes);
            }
        }
        if std::time::Instant::now() > deadline {
            return Err(format!("the app wrote no {}", file.display()).into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn the_store_on_disk_is_encrypted_and_the_sandbox_runs_in_the_data_folder() {
    scenario("local_store_encrypted", |page| async move {
        page.start_sandbox().await?;
        let bytes = settings_file(page.data_dir()).await?;
        assert!(bytes.starts_with(b"KFV1"), "sealed by keyfob-vault");
        let text = String::from_utf8_lossy(&bytes);
        for plain in ["lastVersion", "0.1.0"] {
            assert!(!text.contains(plain), "{plain:?} readable on disk");
        }
        // The sandbox keeps its database in the app's data folder, encrypted (SQLCipher).
        let database = std::fs::read(page.data_dir().join("sandbox.db"))?;
        assert!(
            !database.starts_with(b"SQLite format 3"),
            "a plaintext sandbox.db"
        );
        let text = String::from_utf8_lossy(&database);
        for plain in ["demo@sandbox.keyfob.test", "SJNTAAJ11SU512207"] {
            assert!(!text.contains(plain), "{plain:?} readable in sandbox.db");
        }
        // The test command provides a keyring, so the app must not warn of a memory-only store.
        let notices = page
            .client()
            .find_all(fantoccini::Locator::Css("[data-testid='store-notice']"))
            .await?;
        assert!(
            notices.is_empty(),
            "no store warning with a working keyring"
        );
        Ok(())
    })
    .await;
}
