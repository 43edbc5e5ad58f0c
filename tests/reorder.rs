#![cfg(not(target_arch = "wasm32"))]
//! The reorder ranking against "most bought first" and "last order again" on simulated
//! purchase histories (tests/reorder_sim): on a fixed seed, it must beat both at hit@1 and at
//! hit@3, with the 95 % interval of each paired difference above zero. `make bench-reorder`
//! gives the figures in BENCHMARKS.md.

mod reorder_sim;

use reorder_sim::{evaluate, paired_difference, simulate, simulate_scenario, Ranker, Scenario};

#[test]
fn reorder_timing_beats_most_bought_and_last_order_again() {
    for scenario in [Scenario::REGULAR, Scenario::IRREGULAR] {
        let outcomes = evaluate(&simulate_scenario(scenario, 7, 3_000), 7);
        let column = |ranker: usize, k3: bool| -> Vec<bool> {
            outcomes.hits[ranker]
                .iter()
                .map(|&(at1, at3)| if k3 { at3 } else { at1 })
                .collect()
        };
        let ours = Ranker::ALL
            .iter()
            .position(|&r| r == Ranker::ReorderTiming)
            .unwrap();
        assert!(
            outcomes.hits[ours].len() > 2_000,
            "most shoppers are scored"
        );
        for baseline in [
            Ranker::MostBought,
            Ranker::LastOrderAgain,
            Ranker::ClosestToDue,
        ] {
            let theirs = Ranker::ALL.iter().position(|&r| r == baseline).unwrap();
            for k3 in [false, true] {
                let (diff, low, _) = paired_difference(&column(ours, k3), &column(theirs, k3));
                assert!(
                    low > 0.0,
                    "{}: against {}, hit@{}: {diff:+.3} ({low:+.3} lower bound)",
                    scenario.name,
                    baseline.name(),
                    if k3 { 3 } else { 1 }
                );
            }
        }
    }
}

#[test]
fn the_simulation_is_reproducible() {
    assert_eq!(simulate(3, 50), simulate(3, 50));
    assert_ne!(simulate(3, 50), simulate(4, 50));
}
