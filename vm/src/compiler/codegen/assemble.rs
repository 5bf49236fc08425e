//! The flow-graph passes and the final layout of one code object, in CPython 3.11's order
//! (`assemble()` in compile.c): resolve exception regions from the pseudo-instructions,
//! peephole-optimise blocks, drop unreachable code, copy small exit blocks, propagate line
//! numbers, compute stack depths, push cold (exception-only) blocks to the end, turn the
//! pseudo-instructions into nothing, and lay the code out with EXTENDED_ARG prefixes and
//! cache units. The exception table and line table come out of the same walk.
//!
//! Invariant: after `label_exception_targets`, every instruction knows its handler block;
//! later passes that copy instructions copy that field too, and the exception table is built
//! from it alone.

use super::{Block, BlockId, CResult, IOp, Instr, Unit};
use crate::bytecode::code::{ExceptionEntry, LineEntry};
use crate::bytecode::stack_effect::{is_terminator, stack_effect};
use crate::bytecode::{CodeFlags, CodeObject, Const, Location, Op};
use crate::compiler::errors::Error;

const MAX_COPY_SIZE: usize = 4;

fn is_term(i: &Instr) -> bool {
    matches!(i.op, IOp::Real(op) if is_terminator(op))
}

fn is_block_push(i: &Instr) -> bool {
    matches!(i.op, IOp::SetupFinally | IOp::SetupCleanup | IOp::SetupWith)
}

fn effect(i: &Instr, jump: bool) -> i32 {
    match i.op {
        IOp::Real(op) => stack_effect(op, i.arg, jump),
        IOp::SetupFinally => i32::from(jump),
        IOp::SetupCleanup => {
            if jump {
                2
            } else {
                0
            }
        }
        IOp::SetupWith => i32::from(jump),
        IOp::PopBlock => 0,
    }
}

/// Turns an instruction into a NOP in place, keeping its location and handler.
fn make_nop(i: &mut Instr) {
    i.op = IOp::Real(Op::NOP);
    i.arg = 0;
    i.target = None;
}

fn const_truth(c: &Const) -> Option<bool> {
    Some(match c {
        Const::None => false,
        Const::Ellipsis => true,
        Const::Bool(b) => *b,
        Const::Int(i) => *i != 0,
        Const::BigInt(b) => *b != num_bigint::BigInt::from(0),
        Const::Float(f) => *f != 0.0,
        Const::Complex { re, im } => *re != 0.0 || *im != 0.0,
        Const::Str(s) => !s.is_empty(),
        Const::Bytes(b) => !b.is_empty(),
        Const::Tuple(t) | Const::FrozenSet(t) => !t.is_empty(),
        Const::Code(_) => return None,
    })
}

struct Graph {
    blocks: Vec<Block>,
    entry: BlockId,
    consts: Vec<Const>,
    // per-block analysis results
    preds: Vec<u32>,
    start_depth: Vec<i32>,
    preserve_lasti: Vec<bool>,
    except_handler: Vec<bool>,
}

impl Graph {
    fn order(&self) -> Vec<BlockId> {
        let mut out = Vec::new();
        let mut seen = vec![false; self.blocks.len()];
        let mut b = Some(self.entry);
        while let Some(x) = b {
            if seen[x] {
                break;
            }
            seen[x] = true;
            out.push(x);
            b = self.blocks[x].next;
        }
        out
    }

    fn falls_through(&self, b: BlockId) -> bool {
        match self.blocks[b].instrs.last() {
            None => true,
            Some(i) => !is_term(i),
        }
    }

    /// The next block in layout order that has instructions.
    fn next_nonempty(&self, b: BlockId) -> Option<BlockId> {
        let mut n = self.blocks[b].next;
        let mut guard = 0;
        while let Some(x) = n {
            if !self.blocks[x].instrs.is_empty() {
                return Some(x);
            }
            n = self.blocks[x].next;
            guard += 1;
            if guard > self.blocks.len() {
                break;
            }
        }
        None
    }

    fn truncate_after_terminators_in(&mut self, b: BlockId) {
        if let Some(p) = self.blocks[b].instrs.iter().position(is_term) {
            self.blocks[b].instrs.truncate(p + 1);
        }
    }

    fn truncate_after_terminators(&mut self) {
        for b in &mut self.blocks {
            if let Some(p) = b.instrs.iter().position(is_term) {
                b.instrs.truncate(p + 1);
            }
        }
    }

    /// label_exception_targets: gives each instruction its handler, marks reachability and
    /// which blocks are handlers.
    fn label_exception_targets(&mut self) -> Vec<bool> {
        let n = self.blocks.len();
        let mut visited = vec![false; n];
        let mut stacks: Vec<Option<Vec<BlockId>>> = vec![None; n];
        let mut todo = vec![self.entry];
        visited[self.entry] = true;
        stacks[self.entry] = Some(Vec::new());
        while let Some(b) = todo.pop() {
            let mut stack = stacks[b].take().unwrap_or_default();
            let mut handler = stack.last().copied();
            for i in 0..self.blocks[b].instrs.len() {
                let ins = self.blocks[b].instrs[i].clone();
                if is_block_push(&ins) {
                    if let Some(t) = ins.target {
                        if !visited[t] {
                            visited[t] = true;
                            stacks[t] = Some(stack.clone());
                            todo.push(t);
                        }
                        self.except_handler[t] = true;
                        if matches!(ins.op, IOp::SetupCleanup | IOp::SetupWith) {
                            self.preserve_lasti[t] = true;
                        }
                        stack.push(t);
                        handler = Some(t);
                    }
                } else if ins.op == IOp::PopBlock {
                    stack.pop();
                    handler = stack.last().copied();
                } else {
                    self.blocks[b].instrs[i].except = handler;
                    if let Some(t) = ins.target {
                        if !visited[t] {
                            visited[t] = true;
                            stacks[t] = Some(stack.clone());
                            todo.push(t);
                        }
                    }
                }
            }
            if self.falls_through(b) {
                if let Some(nx) = self.blocks[b].next {
                    if !visited[nx] {
                        visited[nx] = true;
                        stacks[nx] = Some(stack);
                        todo.push(nx);
                    }
                }
            }
        }
        visited
    }

    fn optimize_block(&mut self, b: BlockId) {
        let mut i = 0;
        while i < self.blocks[b].instrs.len() {
            let len = self.blocks[b].instrs.len();
            let ins = self.blocks[b].instrs[i].clone();
            let next = self.blocks[b].instrs.get(i + 1).cloned();
            match (ins.op, next.as_ref().map(|x| x.op)) {
                (
                    IOp::Real(Op::LOAD_CONST),
                    Some(IOp::Real(jop @ (Op::POP_JUMP_IF_FALSE | Op::POP_JUMP_IF_TRUE))),
                ) => {
                    if let Some(truth) = self.consts.get(ins.arg as usize).and_then(const_truth) {
                        let taken = (jop == Op::POP_JUMP_IF_TRUE) == truth;
                        let instrs = &mut self.blocks[b].instrs;
                        make_nop(&mut instrs[i]);
                        if taken {
                            instrs[i + 1].op = IOp::Real(Op::JUMP);
                            instrs.truncate(i + 2);
                        } else {
                            make_nop(&mut instrs[i + 1]);
                        }
                    }
                }
                (
                    IOp::Real(Op::LOAD_CONST),
                    Some(IOp::Real(jop @ (Op::JUMP_IF_FALSE_OR_POP | Op::JUMP_IF_TRUE_OR_POP))),
                ) => {
                    if let Some(truth) = self.consts.get(ins.arg as usize).and_then(const_truth) {
                        let taken = (jop == Op::JUMP_IF_TRUE_OR_POP) == truth;
                        let instrs = &mut self.blocks[b].instrs;
                        if taken {
                            instrs[i + 1].op = IOp::Real(Op::JUMP);
                            instrs.truncate(i + 2);
                        } else {
                            make_nop(&mut instrs[i]);
                            make_nop(&mut instrs[i + 1]);
                        }
                    }
                }
                (IOp::Real(Op::LOAD_CONST), Some(IOp::Real(Op::IS_OP)))
                    if matches!(self.consts.get(ins.arg as usize), Some(Const::None))
                        && i + 2 < len =>
                {
                    let third = self.blocks[b].instrs[i + 2].op;
                    if let IOp::Real(jop @ (Op::POP_JUMP_IF_FALSE | Op::POP_JUMP_IF_TRUE)) = third {
                        let is_not = next.as_ref().map_or(0, |x| x.arg) != 0;
                        // Jump when (x is None) == (jop is POP_JUMP_IF_TRUE), inverted by `is not`.
                        let jump_if_none = (jop == Op::POP_JUMP_IF_TRUE) != is_not;
                        let instrs = &mut self.blocks[b].instrs;
                        make_nop(&mut instrs[i]);
                        make_nop(&mut instrs[i + 1]);
                        instrs[i + 2].op = IOp::Real(if jump_if_none {
                            Op::POP_JUMP_IF_NONE
                        } else {
                            Op::POP_JUMP_IF_NOT_NONE
                        });
                    }
                }
                (IOp::Real(Op::PUSH_NULL), Some(IOp::Real(Op::LOAD_GLOBAL)))
                    if next.as_ref().is_some_and(|x| x.arg & 1 == 0) =>
                {
                    let instrs = &mut self.blocks[b].instrs;
                    make_nop(&mut instrs[i]);
                    instrs[i + 1].arg |= 1;
                }
                (IOp::Real(Op::BUILD_TUPLE), Some(IOp::Real(Op::UNPACK_SEQUENCE)))
                    if next.as_ref().map(|x| x.arg) == Some(ins.arg) && ins.arg <= 3 =>
                {
                    // (a, b) = (x, y): the tuple is never built; at most one SWAP remains.
                    let instrs = &mut self.blocks[b].instrs;
                    make_nop(&mut instrs[i]);
                    if ins.arg == 1 {
                        make_nop(&mut instrs[i + 1]);
                    } else {
                        instrs[i + 1].op = IOp::Real(Op::SWAP);
                    }
                }
                (IOp::Real(Op::BUILD_TUPLE), _) if i >= ins.arg as usize => {
                    // fold_tuple_on_constants
                    let n = ins.arg as usize;
                    let start = i - n;
                    let all_const = self.blocks[b].instrs[start..i]
                        .iter()
                        .all(|x| x.op == IOp::Real(Op::LOAD_CONST));
                    if all_const {
                        let items: Vec<Const> = self.blocks[b].instrs[start..i]
                            .iter()
                            .map(|x| {
                                self.consts
                                    .get(x.arg as usize)
                                    .cloned()
                                    .unwrap_or(Const::None)
                            })
                            .collect();
                        let t = Const::Tuple(items);
                        let idx = match self.consts.iter().position(|c| super::const_same(c, &t)) {
                            Some(p) => p,
                            None => {
                                self.consts.push(t);
                                self.consts.len() - 1
                            }
                        };
                        let instrs = &mut self.blocks[b].instrs;
                        for x in &mut instrs[start..i] {
                            make_nop(x);
                        }
                        instrs[i].op = IOp::Real(Op::LOAD_CONST);
                        instrs[i].arg = idx as u32;
                    }
                }
                _ => {}
            }
            // Jump threading, as CPython 3.11's optimize_basic_block. Each rewrite needs the
            // two jumps to carry the same line, so tracing sees the same events.
            for _ in 0..16 {
                let Some(cur) = self.blocks[b].instrs.get(i).cloned() else {
                    break;
                };
                let (IOp::Real(op), Some(t)) = (cur.op, cur.target) else {
                    break;
                };
                let Some((fi, tb)) = self.first_real(t) else {
                    break;
                };
                let IOp::Real(top) = fi.op else { break };
                let same_line = fi.loc.line == cur.loc.line;
                let thread = |g: &mut Graph, new_op: Op| -> bool {
                    if same_line && fi.target.is_some() && fi.target != cur.target {
                        let ins = &mut g.blocks[b].instrs[i];
                        ins.target = fi.target;
                        ins.op = IOp::Real(new_op);
                        true
                    } else {
                        false
                    }
                };
                let after_target = |g: &Graph| -> Option<BlockId> {
                    (g.blocks[tb].instrs.len() == 1).then_some(())?;
                    g.blocks[tb].next
                };
                let changed = match (op, top) {
                    (Op::JUMP_IF_FALSE_OR_POP, Op::POP_JUMP_IF_FALSE) => {
                        thread(self, Op::POP_JUMP_IF_FALSE)
                    }
                    (Op::JUMP_IF_FALSE_OR_POP, Op::JUMP | Op::JUMP_IF_FALSE_OR_POP) => {
                        thread(self, Op::JUMP_IF_FALSE_OR_POP)
                    }
                    (Op::JUMP_IF_TRUE_OR_POP, Op::POP_JUMP_IF_TRUE) => {
                        thread(self, Op::POP_JUMP_IF_TRUE)
                    }
                    (Op::JUMP_IF_TRUE_OR_POP, Op::JUMP | Op::JUMP_IF_TRUE_OR_POP) => {
                        thread(self, Op::JUMP_IF_TRUE_OR_POP)
                    }
                    (Op::JUMP_IF_FALSE_OR_POP, Op::JUMP_IF_TRUE_OR_POP | Op::POP_JUMP_IF_TRUE)
                    | (Op::JUMP_IF_TRUE_OR_POP, Op::JUMP_IF_FALSE_OR_POP | Op::POP_JUMP_IF_FALSE) => {
                        match after_target(self) {
                            Some(nb) if same_line => {
                                let ins = &mut self.blocks[b].instrs[i];
                                ins.op = IOp::Real(if op == Op::JUMP_IF_FALSE_OR_POP {
                                    Op::POP_JUMP_IF_FALSE
                                } else {
                                    Op::POP_JUMP_IF_TRUE
                                });
                                ins.target = Some(nb);
                                true
                            }
                            _ => false,
                        }
                    }
                    (
                        Op::POP_JUMP_IF_FALSE
                        | Op::POP_JUMP_IF_TRUE
                        | Op::POP_JUMP_IF_NONE
                        | Op::POP_JUMP_IF_NOT_NONE
                        | Op::JUMP,
                        Op::JUMP,
                    ) => thread(self, op),
                    _ => false,
                };
                if !changed {
                    break;
                }
            }
            // SWAP runs: swaptimize, then apply_static_swaps.
            if self.blocks[b]
                .instrs
                .get(i)
                .is_some_and(|x| x.op == IOp::Real(Op::SWAP))
            {
                if self.blocks[b].instrs[i].arg == 1 {
                    make_nop(&mut self.blocks[b].instrs[i]);
                } else {
                    let end = self.swaptimize(b, i);
                    self.apply_static_swaps(b, end);
                    i = end;
                }
            }
            i += 1;
        }
    }

    /// swaptimize: replaces a run of SWAPs (and NOPs) starting at `ix` by the shortest
    /// equivalent sequence; returns the index of the run's last instruction.
    fn swaptimize(&mut self, b: BlockId, ix: usize) -> usize {
        let instrs = &mut self.blocks[b].instrs;
        let mut depth = instrs[ix].arg as usize;
        let mut len = 1;
        let mut more = false;
        while ix + len < instrs.len() {
            match instrs[ix + len].op {
                IOp::Real(Op::SWAP) => {
                    depth = depth.max(instrs[ix + len].arg as usize);
                    more = true;
                }
                IOp::Real(Op::NOP) => {}
                _ => break,
            }
            len += 1;
        }
        if !more || depth > 1 << 16 {
            return ix;
        }
        // Simulate the run on the permutation [0, 1, ..., depth-1].
        let mut stack: Vec<usize> = (0..depth).collect();
        for k in 0..len {
            if instrs[ix + k].op == IOp::Real(Op::SWAP) {
                let a = instrs[ix + k].arg as usize - 1;
                stack.swap(0, a);
            }
        }
        // Rebuild from the end: each cycle of the permutation becomes swaps through 0.
        const VISITED: usize = usize::MAX;
        let mut current = len as isize - 1;
        for i0 in 0..depth {
            if stack[i0] == VISITED || stack[i0] == i0 {
                continue;
            }
            let mut j = i0;
            loop {
                if j != 0 {
                    if current < 0 {
                        return ix + len - 1;
                    }
                    let ins = &mut instrs[ix + current as usize];
                    ins.op = IOp::Real(Op::SWAP);
                    ins.arg = j as u32 + 1;
                    current -= 1;
                }
                if stack[j] == VISITED {
                    break;
                }
                let next_j = stack[j];
                stack[j] = VISITED;
                j = next_j;
            }
        }
        while current >= 0 {
            let ins = &mut instrs[ix + current as usize];
            ins.op = IOp::Real(Op::NOP);
            ins.arg = 0;
            current -= 1;
        }
        ix + len - 1
    }

    /// apply_static_swaps: swaps the STORE_FAST/POP_TOP instructions after a SWAP instead
    /// of swapping values at run time, when no line boundary is crossed.
    fn apply_static_swaps(&mut self, b: BlockId, mut i: usize) {
        let swappable = |op: IOp| matches!(op, IOp::Real(Op::STORE_FAST | Op::POP_TOP));
        let next_swappable = |instrs: &[Instr], mut k: usize, line: Option<u32>| -> Option<usize> {
            loop {
                k += 1;
                let ins = instrs.get(k)?;
                if let Some(l) = line {
                    if ins.loc.line != l {
                        return None;
                    }
                }
                if ins.op == IOp::Real(Op::NOP) {
                    continue;
                }
                return swappable(ins.op).then_some(k);
            }
        };
        loop {
            let instrs = &mut self.blocks[b].instrs;
            let swap = instrs[i].clone();
            if swap.op != IOp::Real(Op::SWAP) {
                if swap.op == IOp::Real(Op::NOP) || swappable(swap.op) {
                    if i == 0 {
                        return;
                    }
                    i -= 1;
                    continue;
                }
                return;
            }
            let Some(j) = next_swappable(instrs, i, None) else {
                return;
            };
            let line = instrs[j].loc.line;
            let mut k = j;
            for _ in 1..swap.arg {
                match next_swappable(instrs, k, Some(line)) {
                    Some(x) => k = x,
                    None => return,
                }
            }
            // Not safe when the two stores (or one of them and a store in between) hit
            // the same local: `a, a = x, y` must leave `y` in `a`.
            let stores_to = |x: &Instr| (x.op == IOp::Real(Op::STORE_FAST)).then_some(x.arg);
            let (sj, sk) = (stores_to(&instrs[j]), stores_to(&instrs[k]));
            if sj.is_some() || sk.is_some() {
                if sj == sk {
                    return;
                }
                if instrs[j + 1..k]
                    .iter()
                    .any(|x| stores_to(x).is_some_and(|s| Some(s) == sj || Some(s) == sk))
                {
                    return;
                }
            }
            instrs[i].op = IOp::Real(Op::NOP);
            instrs.swap(j, k);
            if i == 0 {
                return;
            }
            i -= 1;
        }
    }

    /// The first instruction of `b`, skipping empty blocks (fallthrough) but not NOPs.
    fn first_real(&self, b: BlockId) -> Option<(Instr, BlockId)> {
        let mut x = Some(b);
        let mut guard = 0;
        while let Some(bb) = x {
            if let Some(i) = self.blocks[bb].instrs.first() {
                return Some((i.clone(), bb));
            }
            x = self.blocks[bb].next;
            guard += 1;
            if guard > self.blocks.len() {
                break;
            }
        }
        None
    }

    fn is_exit_without_lineno(&self, b: BlockId) -> bool {
        let instrs = &self.blocks[b].instrs;
        match instrs.last() {
            Some(l)
                if is_term(l) && !matches!(l.op, IOp::Real(Op::JUMP | Op::JUMP_NO_INTERRUPT)) => {}
            _ => return false,
        }
        instrs.iter().all(|i| i.loc.line == 0)
    }

    fn extend_block(&mut self, b: BlockId) {
        let Some(last) = self.blocks[b].instrs.last().cloned() else {
            return;
        };
        if !matches!(last.op, IOp::Real(Op::JUMP)) {
            return;
        }
        let Some(t) = last.target else { return };
        if t != b && self.is_exit_without_lineno(t) && self.blocks[t].instrs.len() <= MAX_COPY_SIZE
        {
            let copy = self.blocks[t].instrs.clone();
            let n = self.blocks[b].instrs.len();
            make_nop(&mut self.blocks[b].instrs[n - 1]);
            self.blocks[b].instrs.extend(copy);
        }
    }

    fn mark_reachable(&mut self) {
        let n = self.blocks.len();
        self.preds = vec![0; n];
        let mut visited = vec![false; n];
        let mut stack = vec![self.entry];
        visited[self.entry] = true;
        self.preds[self.entry] = 1;
        while let Some(b) = stack.pop() {
            let mut succ: Vec<BlockId> = Vec::new();
            if self.falls_through(b) {
                if let Some(nx) = self.blocks[b].next {
                    succ.push(nx);
                }
            }
            for i in &self.blocks[b].instrs {
                if let Some(t) = i.target {
                    succ.push(t);
                }
            }
            for s in succ {
                self.preds[s] += 1;
                if !visited[s] {
                    visited[s] = true;
                    stack.push(s);
                }
            }
        }
        for (b, v) in visited.iter().enumerate() {
            if !v {
                self.blocks[b].instrs.clear();
            }
        }
    }

    /// clean_basic_block: removes NOPs where that loses no line number.
    fn clean_block(&mut self, b: BlockId) {
        let next_first_line = self
            .next_nonempty(b)
            .and_then(|n| self.blocks[n].instrs.first())
            .map(|i| i.loc.line);
        let instrs = std::mem::take(&mut self.blocks[b].instrs);
        let mut out: Vec<Instr> = Vec::with_capacity(instrs.len());
        let mut prev_line: i64 = -1;
        let n = instrs.len();
        let mut instrs = instrs;
        for src in 0..n {
            let ins = instrs[src].clone();
            let line = ins.loc.line;
            if ins.op == IOp::Real(Op::NOP) {
                if line == 0 {
                    continue;
                }
                if prev_line == line as i64 {
                    continue;
                }
                if src + 1 < n {
                    let nl = instrs[src + 1].loc.line;
                    if nl == 0 || nl == line {
                        instrs[src + 1].loc = ins.loc;
                        continue;
                    }
                } else if next_first_line == Some(line) {
                    continue;
                }
            }
            prev_line = line as i64;
            out.push(ins);
        }
        self.blocks[b].instrs = out;
    }

    fn remove_jumps_to_next(&mut self, order: &[BlockId]) {
        for &b in order {
            let next = self.next_nonempty(b);
            if let Some(last) = self.blocks[b].instrs.last_mut() {
                if matches!(last.op, IOp::Real(Op::JUMP | Op::JUMP_NO_INTERRUPT))
                    && last.target.is_some()
                {
                    // The target may be an empty block whose next non-empty block is `next`.
                    let t = last.target;
                    let mut tt = t;
                    let mut guard = 0;
                    while let Some(x) = tt {
                        if !self.blocks[x].instrs.is_empty() {
                            break;
                        }
                        tt = self.blocks[x].next;
                        guard += 1;
                        if guard > self.blocks.len() {
                            break;
                        }
                    }
                    if tt.is_some() && tt == next {
                        if let Some(last) = self.blocks[b].instrs.last_mut() {
                            last.op = IOp::Real(Op::NOP);
                            last.target = None;
                        }
                    }
                }
            }
        }
    }

    /// Retargets jumps to empty blocks onto the next non-empty block.
    fn skip_empty_targets(&mut self) {
        let n = self.blocks.len();
        let mut resolved: Vec<Option<BlockId>> = vec![None; n];
        for (b, slot) in resolved.iter_mut().enumerate() {
            let mut x = Some(b);
            let mut guard = 0;
            while let Some(bb) = x {
                if !self.blocks[bb].instrs.is_empty() {
                    break;
                }
                x = self.blocks[bb].next;
                guard += 1;
                if guard > n {
                    x = None;
                    break;
                }
            }
            *slot = x;
        }
        let mut moved_handlers: Vec<(BlockId, BlockId)> = Vec::new();
        for b in 0..n {
            for i in &mut self.blocks[b].instrs {
                if let Some(t) = i.target {
                    if let Some(r) = resolved[t] {
                        i.target = Some(r);
                    }
                }
                if let Some(e) = i.except {
                    if let Some(r) = resolved[e] {
                        if r != e {
                            moved_handlers.push((e, r));
                        }
                        i.except = Some(r);
                    }
                }
            }
        }
        // A handler that moved to the next non-empty block keeps its properties.
        for (e, r) in moved_handlers {
            if let (Some(&l), Some(&d)) = (self.preserve_lasti.get(e), self.start_depth.get(e)) {
                if let Some(x) = self.preserve_lasti.get_mut(r) {
                    *x |= l;
                }
                if let Some(x) = self.start_depth.get_mut(r) {
                    if *x < 0 {
                        *x = d;
                    }
                }
            }
        }
    }

    fn duplicate_exits_without_lineno(&mut self, order: &[BlockId]) {
        // CPython walks its allocation list, which runs from the newest block to the oldest;
        // each copy goes right after the exit block it copies.
        let mut by_age: Vec<BlockId> = order.to_vec();
        by_age.sort_unstable_by(|a, b| b.cmp(a));
        for &b in &by_age {
            let Some(last) = self.blocks[b].instrs.last().cloned() else {
                continue;
            };
            let Some(t) = last.target else { continue };
            if is_block_push(&last) {
                continue;
            }
            if self.is_exit_without_lineno(t) && self.preds.get(t).copied().unwrap_or(0) > 1 {
                let mut copy = self.blocks[t].clone();
                if let Some(f) = copy.instrs.first_mut() {
                    f.loc = last.loc;
                }
                let nb = self.blocks.len();
                copy.next = self.blocks[t].next;
                self.blocks.push(copy);
                self.blocks[t].next = Some(nb);
                self.preds.push(1);
                self.preds[t] -= 1;
                self.start_depth.push(-1);
                self.preserve_lasti.push(false);
                self.except_handler.push(false);
                let n = self.blocks[b].instrs.len();
                self.blocks[b].instrs[n - 1].target = Some(nb);
            }
        }
        let order = self.order();
        for &b in &order {
            if !self.falls_through(b) || self.blocks[b].instrs.is_empty() {
                continue;
            }
            let Some(nx) = self.blocks[b].next else {
                continue;
            };
            if self.is_exit_without_lineno(nx) {
                let l = self.blocks[b]
                    .instrs
                    .last()
                    .map(|i| i.loc)
                    .unwrap_or_default();
                if let Some(f) = self.blocks[nx].instrs.first_mut() {
                    f.loc = l;
                }
            }
        }
    }

    /// `entry_loc` stands for CPython's RESUME at the start of a function or class body,
    /// whose location artificial first instructions inherit.
    fn propagate_line_numbers(&mut self, order: &[BlockId], entry_loc: Option<Location>) {
        for &b in order {
            if self.blocks[b].instrs.is_empty() {
                continue;
            }
            let mut prev: Option<Location> = if b == self.entry { entry_loc } else { None };
            let mut jump_locs: Vec<(BlockId, Location)> = Vec::new();
            for i in &mut self.blocks[b].instrs {
                if i.loc.line == 0 {
                    if let Some(p) = prev {
                        i.loc = p;
                    }
                } else {
                    prev = Some(i.loc);
                }
                if let Some(t) = i.target {
                    if !is_block_push(i) && i.loc.line != 0 {
                        jump_locs.push((t, i.loc));
                    }
                }
            }
            if self.falls_through(b) {
                if let Some(nx) = self.next_nonempty(b) {
                    if self.preds.get(nx).copied() == Some(1) {
                        if let (Some(p), Some(f)) = (prev, self.blocks[nx].instrs.first_mut()) {
                            if f.loc.line == 0 {
                                f.loc = p;
                            }
                        }
                    }
                }
            }
            for (t, l) in jump_locs {
                if self.preds.get(t).copied() == Some(1) {
                    if let Some(f) = self.blocks[t].instrs.first_mut() {
                        if f.loc.line == 0 {
                            f.loc = l;
                        }
                    }
                }
            }
        }
    }

    fn guarantee_lineno_for_exits(&mut self, order: &[BlockId], firstlineno: u32) {
        let mut line = firstlineno;
        for &b in order {
            let Some(last) = self.blocks[b].instrs.last() else {
                continue;
            };
            if last.loc.line == 0 {
                if last.op == IOp::Real(Op::RETURN_VALUE) {
                    for i in &mut self.blocks[b].instrs {
                        i.loc = Location {
                            line,
                            end_line: line,
                            col: 0,
                            end_col: 0,
                        };
                    }
                }
            } else {
                line = last.loc.line;
            }
        }
    }

    fn stackdepth(&mut self) -> CResult<i32> {
        let n = self.blocks.len();
        self.start_depth = vec![-1; n];
        let mut maxdepth = 0;
        let mut stack: Vec<BlockId> = Vec::new();
        let push = |sd: &mut Vec<i32>, st: &mut Vec<BlockId>, b: BlockId, d: i32| {
            if sd[b] < d && sd[b] < 0 {
                sd[b] = d;
                st.push(b);
            }
        };
        push(&mut self.start_depth, &mut stack, self.entry, 0);
        while let Some(b) = stack.pop() {
            let mut depth = self.start_depth[b];
            let mut next = self.blocks[b].next;
            let instrs = self.blocks[b].instrs.clone();
            for ins in &instrs {
                let new_depth = depth + effect(ins, false);
                if new_depth < 0 {
                    return Err(Error::internal("stack underflow in compiled code"));
                }
                maxdepth = maxdepth.max(new_depth);
                if let Some(t) = ins.target {
                    let td = depth + effect(ins, true);
                    maxdepth = maxdepth.max(td);
                    push(&mut self.start_depth, &mut stack, t, td);
                }
                depth = new_depth;
                if is_term(ins) {
                    next = None;
                    break;
                }
            }
            if let Some(nx) = next {
                push(&mut self.start_depth, &mut stack, nx, depth);
            }
        }
        Ok(maxdepth)
    }
}

fn ext_count(arg: u32) -> usize {
    if arg > 0xff_ffff {
        1
    } else {
        0
    }
}

pub(super) fn assemble(u: Unit, flags: CodeFlags, filename: &str) -> CResult<CodeObject> {
    let Unit {
        blocks,
        entry,
        consts,
        names,
        varnames,
        cellvars,
        freevars,
        argcount,
        posonlyargcount,
        kwonlyargcount,
        name,
        qualname,
        firstlineno,
        self_attributes,
        kind,
        ..
    } = u;
    let nblocks = blocks.len();
    let mut g = Graph {
        blocks,
        entry,
        consts,
        preds: vec![0; nblocks],
        start_depth: vec![-1; nblocks],
        preserve_lasti: vec![false; nblocks],
        except_handler: vec![false; nblocks],
    };
    g.truncate_after_terminators();
    // Unreachable blocks are emptied by label_exception_targets' reachability.
    let visited = g.label_exception_targets();
    for (b, v) in visited.iter().enumerate() {
        if !v {
            g.blocks[b].instrs.clear();
        }
    }
    // optimize_cfg: extend, optimise and clean each block, extend again.
    let order = g.order();
    g.skip_empty_targets();
    for &b in &order {
        g.extend_block(b);
    }
    for &b in &order {
        g.optimize_block(b);
        g.truncate_after_terminators_in(b);
        g.clean_block(b);
    }
    g.skip_empty_targets();
    for &b in &order {
        g.extend_block(b);
    }
    g.mark_reachable();
    g.skip_empty_targets();
    let order = g.order();
    for &b in &order {
        g.clean_block(b);
    }
    g.skip_empty_targets();
    g.remove_jumps_to_next(&order);
    for &b in &order {
        g.clean_block(b);
    }
    g.skip_empty_targets();
    g.mark_reachable();
    let order = g.order();
    g.duplicate_exits_without_lineno(&order);
    g.mark_reachable();
    let order = g.order();
    let entry_loc = (kind != super::UnitKind::Module).then_some(Location {
        line: firstlineno,
        end_line: firstlineno,
        col: 0,
        end_col: 0,
    });
    g.propagate_line_numbers(&order, entry_loc);
    g.guarantee_lineno_for_exits(&order, firstlineno);
    let maxdepth = g.stackdepth()?;
    // CPython 3.11 keeps emission order (push_cold_blocks_to_end arrived in 3.12).
    // Pseudo-instructions become NOPs and disappear.
    let order = g.order();
    for &b in &order {
        for i in &mut g.blocks[b].instrs {
            if !matches!(i.op, IOp::Real(_)) {
                i.op = IOp::Real(Op::NOP);
                i.target = None;
            }
        }
    }
    for &b in &order {
        g.clean_block(b);
    }
    g.skip_empty_targets();

    // Layout: offsets with EXTENDED_ARG prefixes, iterated to a fixed point.
    let order: Vec<BlockId> = g
        .order()
        .into_iter()
        .filter(|&b| !g.blocks[b].instrs.is_empty())
        .collect();
    let mut block_off = vec![0u32; g.blocks.len()];
    for _ in 0..8 {
        let mut off = 0u32;
        let mut changed = false;
        for &b in &order {
            if block_off[b] != off {
                block_off[b] = off;
                changed = true;
            }
            for i in &g.blocks[b].instrs {
                let IOp::Real(op) = i.op else { continue };
                let arg = match i.target {
                    Some(t) => block_off[t],
                    None => i.arg,
                };
                off += (1 + ext_count(arg) + op.cache_units()) as u32;
            }
        }
        if !changed {
            break;
        }
    }
    let mut code: Vec<u32> = Vec::new();
    let mut linetable: Vec<LineEntry> = Vec::new();
    let mut exc: Vec<ExceptionEntry> = Vec::new();
    let mut cur_exc: Option<(u32, BlockId)> = None;
    for &b in &order {
        for i in &g.blocks[b].instrs {
            let IOp::Real(op) = i.op else { continue };
            let arg = match i.target {
                Some(t) => block_off[t],
                None => i.arg,
            };
            let start = code.len() as u32;
            if linetable.last().map(|e| e.loc) != Some(i.loc) {
                linetable.push(LineEntry { start, loc: i.loc });
            }
            // exception table runs
            match (cur_exc, i.except) {
                (Some((_, h)), Some(h2)) if h == h2 => {}
                _ => {
                    if let Some((s, h)) = cur_exc.take() {
                        exc.push(make_entry(&g, s, start, h, &block_off));
                    }
                    if let Some(h) = i.except {
                        cur_exc = Some((start, h));
                    }
                }
            }
            if ext_count(arg) > 0 {
                code.push(crate::bytecode::unit(Op::EXTENDED_ARG, arg >> 24));
            }
            code.push(crate::bytecode::unit(op, arg & 0xff_ffff));
            code.extend(std::iter::repeat_n(0u32, op.cache_units()));
        }
    }
    if let Some((s, h)) = cur_exc.take() {
        exc.push(make_entry(&g, s, code.len() as u32, h, &block_off));
    }
    // Merge adjacent entries with identical handlers (they can be split by NOP removal).
    let mut merged: Vec<ExceptionEntry> = Vec::new();
    for e in exc {
        if let Some(l) = merged.last_mut() {
            if l.end == e.start
                && l.target == e.target
                && l.depth == e.depth
                && l.push_lasti == e.push_lasti
            {
                l.end = e.end;
                continue;
            }
        }
        merged.push(e);
    }

    let total_args = argcount
        + kwonlyargcount
        + u32::from(flags.contains(CodeFlags::VARARGS))
        + u32::from(flags.contains(CodeFlags::VARKEYWORDS));
    let cell2arg = cellvars
        .iter()
        .map(|c| {
            varnames
                .iter()
                .take(total_args as usize)
                .position(|v| v == c)
                .map(|p| p as u32)
        })
        .collect();
    Ok(CodeObject {
        flags,
        argcount,
        posonlyargcount,
        kwonlyargcount,
        stacksize: maxdepth.max(0) as u32,
        code,
        consts: g.consts,
        names,
        varnames,
        cellvars,
        freevars,
        cell2arg,
        filename: filename.to_string(),
        name,
        qualname,
        firstlineno,
        linetable,
        exception_table: merged,
        self_attributes,
    })
}

fn make_entry(g: &Graph, start: u32, end: u32, h: BlockId, block_off: &[u32]) -> ExceptionEntry {
    let lasti = g.preserve_lasti.get(h).copied().unwrap_or(false);
    let sd = g.start_depth.get(h).copied().unwrap_or(1);
    let depth = (sd - 1 - i32::from(lasti)).max(0) as u32;
    ExceptionEntry {
        start,
        end,
        target: block_off.get(h).copied().unwrap_or(0),
        depth,
        push_lasti: lasti,
    }
}
