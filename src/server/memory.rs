//! Building the indexes at start allocates and frees far more than they
//! keep (pages of rows, parsed records, vectors outgrown). The C allocator
//! keeps what was freed for later use, so a server would show its build's
//! peak as resident for ever; once the indexes are built, it is asked to
//! give the free pages back to the system.

/// Returns freed heap pages to the system, where the allocator allows.
pub fn give_back_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory; it has no preconditions.
    unsafe {
        libc::malloc_trim(0);
    }
}
