//! Compile-fail tests pinning the rooting API: a raw view into an object (its bytes or its
//! slots) borrows the heap, so holding one across an allocation must not compile; the
//! pass case shows the sanctioned pattern (re-read the view after allocating).

#[test]
fn views_do_not_survive_allocation() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/view_reread_after_alloc.rs");
    t.compile_fail("tests/ui/bytes_view_across_alloc.rs");
    t.compile_fail("tests/ui/slots_view_across_alloc.rs");
}
