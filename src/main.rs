//! The `procura` binary: parses the command line and hands over to the library.

// Mapping allocates many small values per record; mimalloc runs the mapping benchmark
// about a fifth faster than the system allocator. Set here, not in the library, so fuzz
// builds keep the sanitizer's allocator. The `system-allocator` feature leaves it out for
// heap profilers that hook malloc.
#[cfg(not(feature = "system-allocator"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    procura::cli::main()
}
