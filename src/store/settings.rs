//! Settings kept in the library itself, so they travel with it: the
//! member's name for sharing, the backup folder, the last backup's time.

use rusqlite::{params, OptionalExtension};

use super::{Library, StoreError};

impl Library {
    /// A setting's value, if it was ever set.
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn()
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Sets (or, with `None`, clears) a setting.
    pub fn set_setting(&mut self, key: &str, value: Option<&str>) -> Result<(), StoreError> {
        let tx = self.conn_mut().transaction()?;
        match value {
            Some(v) => tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![key, v],
            )?,
            None => tx.execute("DELETE FROM settings WHERE key = ?1", [key])?,
        };
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_setting_is_set_changed_and_cleared() {
        let mut lib = Library::open_in_memory().unwrap();
        assert_eq!(lib.setting("author").unwrap(), None);
        lib.set_setting("author", Some("Cllr A. Member")).unwrap();
        lib.set_setting("author", Some("Cllr B. Member")).unwrap();
        assert_eq!(
            lib.setting("author").unwrap().as_deref(),
            Some("Cllr B. Member")
        );
        lib.set_setting("author", None).unwrap();
        assert_eq!(lib.setting("author").unwrap(), None);
    }
}
