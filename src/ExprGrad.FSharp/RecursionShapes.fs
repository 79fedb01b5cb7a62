/// What the lowerings of `let rec` (Recursion, RecursionFrames) read off a recursive function: its calls, the
/// values a parameter or result may hold, and how the body splits into the paths a call takes.
module internal ExprGrad.FSharp.RecursionShapes

open System
open Microsoft.FSharp.Quotations
open Microsoft.FSharp.Quotations.Patterns

let reject construct (e: Expr) fix = raise (Construct.unsupported construct e fix)

/// `f a1 … ak` as f's arguments, when e is an application of f to any number of them.
let applicationOf (f: Var) (e: Expr) : Expr list option =
    let rec walk (x: Expr) args =
        match x with
        | Application(g, a) -> walk g (a :: args)
        | Var v when v = f -> Some args
        | _ -> None
    walk e []

let mentions (f: Var) (e: Expr) = e.GetFreeVars() |> Seq.exists ((=) f)

/// A value of the type to start a variable with (never read before the lowering assigns it).
let rec zero (t: Type) : Expr =
    if t = typeof<float> then Expr.Value 0.0
    elif t = typeof<int> then Expr.Value 0
    elif t = typeof<bool> then Expr.Value false
    elif Reflection.FSharpType.IsTuple t then Expr.NewTuple(Reflection.FSharpType.GetTupleElements t |> Array.map zero |> List.ofArray)
    else invalidOp $"no zero of {t.Name}"

let rec hasZero (t: Type) =
    t = typeof<float> || t = typeof<int> || t = typeof<bool>
    || (Reflection.FSharpType.IsTuple t && Reflection.FSharpType.GetTupleElements t |> Array.forall hasZero)

/// One way through a recursive function's body: the tests and lets on the way, then either a result without a call
/// (`Base`) or the calls the path makes, in the order F# makes them, each value named by its hole inside the
/// expression that waits for them (`Step`; a tail call's context is its hole itself).
type Path =
    | Test of test: Expr * whenTrue: Path * whenFalse: Path
    | Bind of Var * value: Expr * rest: Path
    | Effect of first: Expr * rest: Path
    | Base of Expr
    | Step of calls: (Expr list * Var) list * context: Expr
    /// A call made before the rest of the path is known: what follows (its lets, its tests, the other calls'
    /// arguments) reads the call's result, named by its hole (`let a = f (n - 1) * 2.0 in f a`).
    | Then of call: (Expr list * Var) * rest: Path

let isTail (path: Path) =
    let rec walk p =
        match p with
        | Test(_, a, b) -> walk a && walk b
        | Bind(_, _, r) | Effect(_, r) -> walk r
        | Base _ -> true
        | Step([ _, hole ], Var v) -> v = hole
        | Step _ | Then _ -> false
    walk path

/// Whether some path calls the function more than once (a tree recursion).
let isTree (path: Path) =
    let rec walk p =
        match p with
        | Test(_, a, b) -> walk a || walk b
        | Bind(_, _, r) | Effect(_, r) -> walk r
        | Base _ -> false
        | Step(calls, _) -> calls.Length > 1
        // Only the stack keeps a result for what is decided after the call.
        | Then _ -> true
    walk path

let private nestedFix (name: string) =
    $"bind the value its argument reads with 'let' before the expression that calls '{name}' "
    + $"(let m = n - 1 in x * {name} m + …), or write the recursion as a for or while loop over a local array used as a stack, with 'let mutable'"

/// Raised by `paths` where a call's arguments or a branch around it read what another call's result decides: the
/// expression is then taken apart call by call (`Then`).
exception private AfterCall

/// The call F# makes first in `e` whenever `e` is evaluated (not inside a branch or a lambda), replaced by a hole:
/// None when the first one sits in a branch or reads a value bound inside `e`.
let private firstCall (f: Var) (arity: int) (known: Var -> bool) (e: Expr) : ((Expr list * Var) * Expr) option =
    let mutable taken = None
    // A first call that cannot be taken stops the search: a later one taken first would change F#'s order.
    let mutable blocked = false
    let rec go (x: Expr) : Expr =
        if taken.IsSome || blocked || not (mentions f x) then x
        else
            match applicationOf f x with
            | Some args when args.Length = arity ->
                let args = List.map go args
                if taken.IsSome then Expr.Applications(Expr.Var f, [ for a in args -> [ a ] ])
                elif not blocked && args |> List.forall (fun a -> a.GetFreeVars() |> Seq.forall known) then
                    let hole = Var("returned", x.Type)
                    taken <- Some(args, hole)
                    Expr.Var hole
                else
                    blocked <- true
                    x
            | _ ->
                match x with
                | IfThenElse(test, a, b) ->
                    let test = go test
                    if taken.IsNone then blocked <- true
                    Expr.IfThenElse(test, a, b)
                | ExprShape.ShapeVar _ | ExprShape.ShapeLambda _ -> x
                | Let(v, value, body) -> Expr.Let(v, go value, body)
                | ExprShape.ShapeCombination(shape, xs) ->
                    // Left to right, as F# evaluates; past the first call, nothing more is taken.
                    ExprShape.RebuildShapeCombination(shape, List.map go xs)
    let rest = go e
    taken |> Option.map (fun call -> call, rest)

/// The paths of `f`'s body: each call on a path made unconditionally once the path is chosen, with all its arguments,
/// computed from what is bound before the calls and the results of the calls before it; otherwise the error names f
/// and the F# fix.
let paths (f: Var) (arity: int) (body: Expr) : Path =
    /// An `if` evaluated whenever e is, whose test reads only what is bound outside e and whose branches call f.
    let rec branchAround (outside: Var list) (x: Expr) : Expr option =
        match x with
        | IfThenElse(t, a, b) when (mentions f a || mentions f b) && not (mentions f t)
                                   && t.GetFreeVars() |> Seq.forall (fun u -> List.contains u outside) -> Some x
        | IfThenElse(t, _, _) -> branchAround outside t
        | ExprShape.ShapeVar _ | ExprShape.ShapeLambda _ -> None
        | Let(_, value, body) -> branchAround outside value |> Option.orElse (branchAround outside body)
        | ExprShape.ShapeCombination(_, xs) -> List.tryPick (branchAround outside) xs
    let rec replace (target: Expr) (by: Expr) (x: Expr) : Expr =
        if obj.ReferenceEquals(x, target) then by
        else
            match x with
            | ExprShape.ShapeVar _ -> x
            | ExprShape.ShapeLambda(v, b) -> Expr.Lambda(v, replace target by b)
            | ExprShape.ShapeCombination(shape, xs) -> ExprShape.RebuildShapeCombination(shape, List.map (replace target by) xs)
    let rec walk (e: Expr) =
        match e with
        | _ when not (mentions f e) -> Base e
        | IfThenElse(test, a, b) when not (mentions f test) -> Test(test, walk a, walk b)
        | Let(v, value, rest) when not (mentions f value) -> Bind(v, value, walk rest)
        | Sequential(first, rest) when not (mentions f first) -> Effect(first, walk rest)
        | _ ->
          let outside = e.GetFreeVars() |> List.ofSeq
          // A call inside a branch (`x * (if n > 2 then f (n - 1) else 1.0)`): the test moved around the whole expression,
          // `if n > 2 then x * f (n - 1) else x * 1.0`, so the branch decides the call (everything here is pure).
          match branchAround outside e with
          | Some(IfThenElse(t, a, b) as branch) -> Test(t, walk (replace branch a e), walk (replace branch b e))
          | _ ->
            let found = ResizeArray<Expr list * Var>()
            // Each call, replaced by its hole where it is evaluated every time the expression is. Its arguments are
            // computed before the expression, so they may read only what is bound outside it.
            let rec cut (conditional: bool) (x: Expr) : Expr =
                match applicationOf f x with
                | Some args when args.Length = arity && not conditional ->
                    // A call in an argument (`f (f (n - 1))`) is made first, as F# makes it: the argument reads its hole.
                    let args: Expr list = args |> List.map (cut conditional)
                    let holes = found |> Seq.map snd |> List.ofSeq
                    let known (u: Var) = List.contains u outside || List.contains u holes
                    if args |> List.exists (fun (a: Expr) -> a.GetFreeVars() |> Seq.exists (known >> not)) then raise AfterCall
                    let hole = Var($"pending{found.Count + 1}", x.Type)
                    found.Add((args, hole))
                    Expr.Var hole
                | Some args when args.Length = arity -> raise AfterCall
                | Some [] -> reject $"the recursive function '{f.Name}' used as a value" x $"apply '{f.Name}' to all its arguments"
                | Some _ -> reject $"a partial application of the recursive function '{f.Name}'" x "pass all its arguments"
                | None ->
                    match x with
                    | IfThenElse(test, a, b) -> Expr.IfThenElse(cut conditional test, cut true a, cut true b)
                    | Let(v, value, body) ->
                        match cut conditional value with
                        // `let a = f (n - 1) in … f (int a) …`: a is the call's hole, which a later call's argument may read.
                        | Var h as named when found |> Seq.exists (fun (_, hole) -> hole = h) ->
                            cut conditional (body.Substitute(fun u -> if u = v then Some named else None))
                        | value -> Expr.Let(v, value, cut conditional body)
                    | ExprShape.ShapeVar _ -> x
                    | ExprShape.ShapeLambda(v, b) when mentions f b ->
                        reject $"the recursive function '{f.Name}', called inside a lambda" x "call it outside the lambda and bind the result with 'let'"
                    | ExprShape.ShapeLambda _ -> x
                    | ExprShape.ShapeCombination(shape, xs) -> ExprShape.RebuildShapeCombination(shape, List.map (cut conditional) xs)
            try
                let context = cut false e
                Step(List.ofSeq found, context)
            with AfterCall ->
                // The first call made on its own; the rest reads its result as a bound value.
                match firstCall f arity (fun u -> List.contains u outside) e with
                | Some(call, rest) -> Then(call, walk rest)
                | None ->
                    reject $"the recursive function '{f.Name}', called with an argument read from a value bound inside the expression around the call" e (nestedFix f.Name)
    walk body
