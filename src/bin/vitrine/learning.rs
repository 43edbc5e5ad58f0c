//! `vitrine simulate --generations <n>`: the learning loop simulated over several shops (seeds),
//! with priors refreshed from each generation's private reports against fixed priors
//! (docs/measurement.md, "Does the loop help?").

use vitrine::engine::catalog::Catalog;
use vitrine::engine::learning_loop::{hidden_rates, run_loop, GenerationStats, LoopConfig};
use vitrine::engine::measurement::priors::PriorSettings;
use vitrine::engine::measurement::Z_95;

use super::{usage, Options, Outcome};

/// The hidden click rates' distribution: Beta(2, 38), a mean of 5 %, most offers 1 to 12 %.
const RATES: (f64, f64) = (2.0, 38.0);

pub fn simulate_loop(catalog: &Catalog, opts: &Options) -> Outcome {
    let defaults = LoopConfig::default();
    let generations: usize = opts.number("--generations", defaults.generations)?;
    let seeds: u64 = opts.number("--seeds", 10)?;
    let first_seed: u64 = opts.number("--seed", 0)?;
    let config = LoopConfig {
        devices: opts.number("--shoppers", defaults.devices)?,
        days: opts.number("--visits", defaults.days)?,
        visits_per_day: 1,
        generations,
        epsilon: opts.decimal("--epsilon", defaults.epsilon)?,
        priors: PriorSettings {
            max_strength: opts.decimal("--max-strength", defaults.priors.max_strength)?,
            half_life_days: opts.decimal("--half-life-days", defaults.priors.half_life_days)?,
        },
        ..defaults
    };
    if generations == 0 || seeds == 0 || config.devices == 0 || config.days == 0 {
        return Err(usage(
            "`--generations`, `--seeds`, `--shoppers` and `--visits` must be at least 1",
        ));
    }
    if !(config.epsilon > 0.0 && config.epsilon <= 10.0) {
        return Err(usage("`--epsilon` must be above 0 and at most 10"));
    }
    // Per generation, per seed: (fixed, loop).
    let mut runs: Vec<Vec<(GenerationStats, GenerationStats)>> = vec![Vec::new(); generations];
    for seed in first_seed..first_seed + seeds {
        let rates = hidden_rates(catalog.offers.len(), RATES.0, RATES.1, seed);
        let fixed = run_loop(
            catalog,
            &rates,
            &LoopConfig {
                seed,
                learn: false,
                ..config.clone()
            },
        );
        let learned = run_loop(
            catalog,
            &rates,
            &LoopConfig {
                seed,
                learn: true,
                ..config.clone()
            },
        );
        for (g, pair) in fixed.into_iter().zip(learned).enumerate() {
            runs[g].push(pair);
        }
    }
    println!(
        "{} shops (seeds {first_seed} to {}), {} offers with hidden click rates ~ Beta({}, {}); per generation {} new devices, {} visits each, one report a day at epsilon {}",
        seeds,
        first_seed + seeds - 1,
        catalog.offers.len(),
        RATES.0,
        RATES.1,
        config.devices,
        config.days * config.visits_per_day,
        config.epsilon
    );
    println!("generation  CTR, fixed priors  CTR, learned priors  lift (paired)       regret/impr., fixed  regret/impr., learned");
    for (g, pairs) in runs.iter().enumerate() {
        let ctr =
            |pick: fn(&(GenerationStats, GenerationStats)) -> f64| interval(pairs.iter().map(pick));
        let fixed = ctr(|p| p.0.ctr());
        let learned = ctr(|p| p.1.ctr());
        let lift = ctr(|p| p.1.ctr() - p.0.ctr());
        let regret_fixed = ctr(|p| p.0.regret_per_impression());
        let regret_learned = ctr(|p| p.1.regret_per_impression());
        println!(
            "{g:>10}  {:>17}  {:>19}  {:>13}  {:>19}  {:>21}",
            percent(fixed),
            percent(learned),
            percent(lift),
            percent(regret_fixed),
            percent(regret_learned)
        );
    }
    Ok(())
}

/// The mean of `xs` and the half-width of its 95 % interval (normal, over the seeds).
fn interval(xs: impl Iterator<Item = f64>) -> (f64, f64) {
    let xs: Vec<f64> = xs.collect();
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    if xs.len() < 2 {
        return (mean, f64::NAN);
    }
    let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0);
    (mean, Z_95 * (var / n).sqrt())
}

fn percent((mean, half): (f64, f64)) -> String {
    format!("{:.2} ± {:.2} %", 100.0 * mean, 100.0 * half)
}
