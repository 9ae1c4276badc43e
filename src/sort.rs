//! One small sort for the whole module.
//!
//! The standard library's sorts are fast and large: every call site with its own element type or
//! comparison compiles to its own few kilobytes of wasm (insertion networks, merges, pivots), and a
//! query path with a dozen of them paid a sizeable share of the module for sorting lists that
//! hold a few hundred entries at most. A heapsort is O(n log n) in every case and a few hundred
//! bytes a call site. It is not stable: callers whose order must not depend on anything else give
//! a comparison that breaks every tie.

use std::cmp::Ordering;

/// Sorts `v` by `compare`, in place, without allocating.
pub(crate) fn sort_by<T>(v: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let mut less = |a: &T, b: &T| compare(a, b) == Ordering::Less;
    let n = v.len();
    for root in (0..n / 2).rev() {
        sift_down(v, root, n, &mut less);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift_down(v, 0, end, &mut less);
    }
}

/// Sorts `v` by the key `key` gives each element.
pub(crate) fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` in its natural order.
pub(crate) fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// Moves `v[root]` down the max-heap `v[..end]` to where it belongs.
fn sift_down<T>(v: &mut [T], mut root: usize, end: usize, less: &mut impl FnMut(&T, &T) -> bool) {
    loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && less(&v[child], &v[child + 1]) {
            child += 1;
        }
        if !less(&v[root], &v[child]) {
            return;
        }
        v.swap(root, child);
        root = child;
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_like_the_standard_library(mut v in proptest::collection::vec(any::<(u8, i16)>(), 0..200)) {
            let mut expected = v.clone();
            expected.sort();
            super::sort(&mut v);
            prop_assert_eq!(v, expected);
        }

        #[test]
        fn sorts_by_key(mut v in proptest::collection::vec(any::<u32>(), 0..200)) {
            let mut expected = v.clone();
            expected.sort_by_key(|&x| std::cmp::Reverse(x));
            super::sort_by_key(&mut v, |&x| std::cmp::Reverse(x));
            prop_assert_eq!(v, expected);
        }
    }
}
