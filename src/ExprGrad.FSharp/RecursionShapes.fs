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
/// (`Base`) or the one call the path makes, its value named `hole` inside the expression that waits for it (`Step`;
/// a tail call's context is the hole itself).
type Path =
    | Test of test: Expr * whenTrue: Path * whenFalse: Path
    | Bind of Var * value: Expr * rest: Path
    | Effect of first: Expr * rest: Path
    | Base of Expr
    | Step of args: Expr list * hole: Var * context: Expr

let isTail (path: Path) =
    let rec walk p =
        match p with
        | Test(_, a, b) -> walk a && walk b
        | Bind(_, _, r) | Effect(_, r) -> walk r
        | Base _ -> true
        | Step(_, hole, Var v) -> v = hole
        | Step _ -> false
    walk path

let private treeFix (name: string) =
    $"make each path of '{name}' call it at most once (a linear recursion such as x * {name} (n - 1)), or carry the pending "
    + "calls yourself: a for or while loop over a local array used as a stack, with 'let mutable'"

/// The paths of `f`'s body: every path calls f at most once, unconditionally once the path is chosen, with all its
/// arguments; otherwise the error names f and the F# fix.
let paths (f: Var) (arity: int) (body: Expr) : Path =
    let rec count (x: Expr) =
        match x with
        | Var v when v = f -> 1
        | ExprShape.ShapeVar _ -> 0
        | ExprShape.ShapeLambda(_, b) -> count b
        | ExprShape.ShapeCombination(_, xs) -> List.sumBy count xs
    let rec walk (e: Expr) =
        match e with
        | _ when not (mentions f e) -> Base e
        | IfThenElse(test, a, b) when not (mentions f test) -> Test(test, walk a, walk b)
        | Let(v, value, rest) when not (mentions f value) -> Bind(v, value, walk rest)
        | Sequential(first, rest) when not (mentions f first) -> Effect(first, walk rest)
        | _ when count e > 1 ->
            reject $"the recursive function '{f.Name}', which calls itself more than once on one path (a tree recursion)" e (treeFix f.Name)
        | _ ->
            let hole = Var("pending", e.Type)
            let mutable found = None
            // The one call, replaced by the hole where it is evaluated every time the expression is.
            let rec cut (conditional: bool) (x: Expr) =
                match applicationOf f x with
                | Some args when args.Length = arity && not conditional && not (args |> List.exists (mentions f)) ->
                    found <- Some args
                    Expr.Var hole
                | Some args when args.Length = arity && not conditional ->
                    reject $"the recursive function '{f.Name}', called with an argument that calls it again" x (treeFix f.Name)
                | Some args when args.Length = arity ->
                    reject $"the recursive function '{f.Name}', called inside a branch of an expression" x
                        $"put the 'if' around the whole expression (if … then … {f.Name} (…) … else …), so the branch decides the call"
                | Some [] -> reject $"the recursive function '{f.Name}' used as a value" x $"apply '{f.Name}' to all its arguments"
                | Some _ -> reject $"a partial application of the recursive function '{f.Name}'" x "pass all its arguments"
                | None ->
                    match x with
                    | IfThenElse(test, a, b) -> Expr.IfThenElse(cut conditional test, cut true a, cut true b)
                    | ExprShape.ShapeVar _ -> x
                    | ExprShape.ShapeLambda(v, b) when mentions f b ->
                        reject $"the recursive function '{f.Name}', called inside a lambda" x "call it outside the lambda and bind the result with 'let'"
                    | ExprShape.ShapeLambda _ -> x
                    | ExprShape.ShapeCombination(shape, xs) -> ExprShape.RebuildShapeCombination(shape, List.map (cut conditional) xs)
            let context = cut false e
            Step(found.Value, hole, context)
    walk body
