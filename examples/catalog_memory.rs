//! Where a decoded catalog's memory goes: compiles `catalog.json` (the authoring form) into its
//! signed payload's body, decodes it as the browser's wasm does (`binary::decode`), and counts
//! every allocation: the payload's size, the decoder's peak and what the model keeps, in total
//! and per offer. `make bench-memory` runs it on the browser bench's 10,000-offer catalog.
//!
//! ```sh
//! cargo run --release --example catalog_memory -- catalog.json
//! ```
//!
//! Native pointers are 8 bytes; wasm32's are 4, so the model takes less in the browser (the
//! text does not change). `make bench-browser` gives the wasm memory the page really holds.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use vitrine::engine::catalog::binary::{decode, encode, CatalogHeader};
use vitrine::engine::catalog::{Campaign, Catalog, Offer};

/// The system allocator, counting the bytes live now and at their highest.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Relaxed) + by;
    PEAK.fetch_max(now, Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        System.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        if size > layout.size() {
            grew(size - layout.size());
        } else {
            LIVE.fetch_sub(layout.size() - size, Relaxed);
        }
        System.realloc(ptr, layout, size)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: cargo run --release --example catalog_memory -- catalog.json");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let catalog = Catalog::from_json(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let header = CatalogHeader {
        sequence: 1,
        expires_at: i64::MAX,
        signed_at: 0,
    };
    let payload = encode(&header, &catalog).unwrap_or_else(|e| panic!("{e}"));
    drop((text, catalog));

    let before = LIVE.load(Relaxed);
    PEAK.store(before, Relaxed);
    let (_, decoded) = decode(&payload).unwrap_or_else(|e| panic!("{e}"));
    let kept = LIVE.load(Relaxed) - before;
    let peak = PEAK.load(Relaxed) - before;

    let offers = decoded.offers.len().max(1);
    let kib = |n: usize| format!("{:.1} KiB", n as f64 / 1024.0);
    println!(
        "catalog {path}: {} offers, {} campaigns",
        decoded.offers.len(),
        decoded.campaigns.len()
    );
    println!("payload               {:>12}", kib(payload.len()));
    println!(
        "decoder peak          {:>12}  (above what was live before)",
        kib(peak)
    );
    println!(
        "model kept            {:>12}  ({} B per offer)",
        kib(kept),
        kept / offers
    );
    println!(
        "  of which structs    {:>12}  (Offer {} B, Campaign {} B each)",
        kib(decoded.offers.capacity() * size_of::<Offer>()
            + decoded.campaigns.capacity() * size_of::<Campaign>()),
        size_of::<Offer>(),
        size_of::<Campaign>()
    );
}
