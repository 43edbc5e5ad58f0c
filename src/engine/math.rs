//! The float functions the engine uses. With the standard library they are `f64`'s own. Without
//! it (the npm package's wasm modules are `no_std`) they come from `libm`, the code the standard
//! library's `f64` methods run in wasm32 too (Rust's compiler-builtins carry a copy of it).

#[cfg(feature = "std")]
mod imp {
    pub fn exp(x: f64) -> f64 {
        x.exp()
    }
    pub fn ln(x: f64) -> f64 {
        x.ln()
    }
    pub fn sqrt(x: f64) -> f64 {
        x.sqrt()
    }
    pub fn powf(x: f64, y: f64) -> f64 {
        x.powf(y)
    }
    pub fn powi(x: f64, n: i32) -> f64 {
        x.powi(n)
    }
    pub fn floor(x: f64) -> f64 {
        x.floor()
    }
    pub fn ceil(x: f64) -> f64 {
        x.ceil()
    }
    pub fn round(x: f64) -> f64 {
        x.round()
    }
    pub fn fract(x: f64) -> f64 {
        x.fract()
    }
    pub fn abs(x: f64) -> f64 {
        x.abs()
    }
    pub fn trunc(x: f64) -> f64 {
        x.trunc()
    }
}

// Without `std`: `libm`, which `rand_distr` (the bandit's Beta draws) uses then too, so the
// module carries one implementation of each function.
#[cfg(not(feature = "std"))]
mod imp {
    pub use libm::{ceil, exp, fabs as abs, floor, log as ln, pow as powf, round, sqrt, trunc};
}

#[cfg(not(feature = "std"))]
mod shared {
    use super::imp::trunc;

    /// `x - trunc(x)`, as `f64::fract`.
    pub fn fract(x: f64) -> f64 {
        x - trunc(x)
    }

    /// `x^n` by squaring, as `f64::powi` computes it in wasm32 (compiler-rt's `__powidf2`).
    pub fn powi(mut x: f64, n: i32) -> f64 {
        let mut left = n.unsigned_abs();
        let mut product = 1.0;
        loop {
            if left & 1 == 1 {
                product *= x;
            }
            left >>= 1;
            if left == 0 {
                break;
            }
            x *= x;
        }
        if n < 0 {
            1.0 / product
        } else {
            product
        }
    }
}

pub use imp::*;
#[cfg(not(feature = "std"))]
pub use shared::*;
