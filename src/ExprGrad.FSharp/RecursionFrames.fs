/// A linear recursion (each path calls the function at most once, the call inside an expression:
/// `if n = 0 then x else x * f (n - 1) x`), lowered where it is called onto the loop machinery Statements translates,
/// without unrolling: a descent that counts the calls, a second descent that records each frame's changing
/// parameters into a local float array (ints and bools as floats), the result of the last call, then an ascent from
/// the deepest frame that restores its parameters, takes its path again and applies the expression that waited for
/// the call. The depth is decided when the gradient runs; the core's tape of the loops carries the gradient back.
module internal ExprGrad.FSharp.RecursionFrames

open System
open Microsoft.FSharp.Quotations
open Microsoft.FSharp.Quotations.Patterns
open ExprGrad.FSharp.RecursionShapes

/// The error of a recursion past its bound on nested calls.
let private tooDeep (what: string) (limit: int) (why: string) =
    InvalidOperationException($"The {what} went deeper than {limit} nested calls: its stopping test is never met for these inputs, or it needs a loop ({why}).")

/// The bounds on the depth, checked as the descent counts or the stack grows: F# itself would overflow its stack long before.
type internal RecursionChecks =
    /// Frames a lowered recursion may hold: F#'s own stack (1 MB on the main thread) overflows after ~10⁴–10⁵ calls.
    static member Limit = 1_000_000

    /// Frames the explicit stack of a tree recursion may hold: its gradient copies the stack at each write (the core's
    /// copy-on-write of an array read and written in one loop), so a turn costs O(depth) and the bound is lower.
    static member TreeLimit = 1024

    /// depth + 1, or the error naming the function when the recursion goes deeper than the limit.
    static member Deeper(depth: int, name: string) : int =
        if depth >= RecursionChecks.Limit then raise (tooDeep $"recursive function '{name}'" RecursionChecks.Limit "F# itself would overflow its stack")
        else depth + 1

    /// The next capacity of a stack that overflowed (twice the last), or the error naming the function past the limit.
    static member Grow(capacity: int, name: string) : int =
        if capacity >= RecursionChecks.TreeLimit then
            raise (tooDeep $"tree recursion '{name}'" RecursionChecks.TreeLimit "each call's frame is kept on an explicit stack, copied at each write in the gradient")
        else min (2 * capacity) RecursionChecks.TreeLimit

let deeper = typeof<RecursionChecks>.GetMethod("Deeper", Reflection.BindingFlags.Static ||| Reflection.BindingFlags.Public ||| Reflection.BindingFlags.NonPublic)

let sequence (xs: Expr list) =
    match xs with
    | [] -> Expr.Value(())
    | _ -> List.reduceBack (fun a b -> Expr.Sequential(a, b)) xs

/// The scalar pieces of a value of a parameter's type (a float, int or bool, or a tuple of them), in order.
let rec leaves (e: Expr) : Expr list =
    if Reflection.FSharpType.IsTuple e.Type then
        Reflection.FSharpType.GetTupleElements e.Type |> Array.toList |> List.mapi (fun i _ -> Expr.TupleGet(e, i)) |> List.collect leaves
    else [ e ]

let rec width (t: Type) =
    if Reflection.FSharpType.IsTuple t then Reflection.FSharpType.GetTupleElements t |> Array.sumBy width else 1

let encode (e: Expr) : Expr =
    if e.Type = typeof<float> then e
    elif e.Type = typeof<int> then <@@ float (%%e: int) @@>
    else <@@ if (%%e: bool) then 1.0 else 0.0 @@>

/// The value of type t read back from consecutive stored floats.
let rec decode (t: Type) (read: unit -> Expr) : Expr =
    if Reflection.FSharpType.IsTuple t then
        Expr.NewTuple(Reflection.FSharpType.GetTupleElements t |> Array.map (fun u -> decode u read) |> List.ofArray)
    elif t = typeof<float> then read ()
    elif t = typeof<int> then let x = read () in <@@ int (%%x: float) @@>
    else let x = read () in <@@ (%%x: float) <> 0.0 @@>

/// The call `f args` of the linear recursion f(parameters) = body, whose paths are `path`; `invariant` marks the
/// parameters every call passes on unchanged (bound once, never stored).
/// The parameters some call changes, each a float, int or bool or a tuple of them (what a frame can store).
let changingParameters (f: Var) (parameters: Var list) (invariant: bool list) =
    let changing = List.zip parameters invariant |> List.filter (snd >> not) |> List.map fst
    for p in changing do
        if not (hasZero p.Type) then
            reject $"the recursive function '{f.Name}', whose parameter '{p.Name}' (a {p.Type.Name}) changes from call to call" (Expr.Var p)
                "pass it on unchanged, or change only float, int or bool parameters (or tuples of them)"
    changing

let lower (f: Var) (parameters: Var list) (path: Path) (resultType: Type) (args: Expr list) (invariant: bool list) : Expr =
    let changing = changingParameters f parameters invariant
    let state = changing |> List.map (fun p -> p, Var(p.Name + "State", p.Type, true))
    let first = parameters |> List.map (fun p -> Var(p.Name + "First", p.Type))
    let depth = Var("depth", typeof<int>, true)
    let running = Var("running", typeof<bool>, true)
    let frame = Var("frame", typeof<int>, true)
    let result = Var("result", resultType, true)
    let frames = Var("frames", typeof<float[]>)
    let m = changing |> List.sumBy (fun p -> width p.Type)
    let slot (k: Expr) (c: int) = <@@ (%%k: int) * m + c @@>
    // The parameters of the current call as the body's own variables, so each path is read as written.
    let bindState rest = List.foldBack (fun (p: Var, s: Var) r -> Expr.Let(p, Expr.Var s, r)) state rest
    let passOn (callArgs: Expr list) =
        let temps = callArgs |> List.mapi (fun k a -> Var($"next{k + 1}", a.Type))
        let sets =
            List.zip parameters temps |> List.choose (fun (p, t) -> state |> List.tryFind (fst >> (=) p) |> Option.map (fun (_, s) -> Expr.VarSet(s, Expr.Var t)))
        List.foldBack2 (fun t a rest -> Expr.Let(t, a, rest)) temps callArgs (sequence sets)
    /// The path taken as the descent takes it: `onStep` before the parameters move on, `onBase` at the end.
    let rec descend (effects: bool) (onStep: unit -> Expr list) (onBase: Expr -> Expr) (p: Path) : Expr =
        match p with
        | Test(t, a, b) -> Expr.IfThenElse(t, descend effects onStep onBase a, descend effects onStep onBase b)
        | Bind(v, value, rest) -> Expr.Let(v, value, descend effects onStep onBase rest)
        | Effect(e, rest) when effects -> Expr.Sequential(e, descend effects onStep onBase rest)
        | Effect(_, rest) -> descend effects onStep onBase rest
        | Base e -> onBase e
        | Step(calls, _) -> sequence (onStep () @ [ passOn (fst calls.Head) ])
        // A path with a call whose result decides the rest is a tree recursion's (isTree): RecursionStack's.
        | Then _ -> invalidOp "RecursionFrames takes no call whose result decides the rest of the path"
    let rec ascend (p: Path) : Expr =
        match p with
        | Test(t, a, b) -> Expr.IfThenElse(t, ascend a, ascend b)
        | Bind(v, value, rest) -> Expr.Let(v, value, ascend rest)
        | Effect(_, rest) -> ascend rest
        | Base _ -> Expr.Value(())
        | Step(calls, context) -> Expr.VarSet(result, Expr.Let(snd calls.Head, Expr.Var result, context))
        | Then _ -> invalidOp "RecursionFrames takes no call whose result decides the rest of the path"
    let reset = sequence (state |> List.map (fun (p, s) -> Expr.VarSet(s, Expr.Var(first[List.findIndex ((=) p) parameters]))))
    let count =
        descend false
            (fun () -> [ Expr.VarSet(depth, Expr.Call(deeper, [ Expr.Var depth; Expr.Value f.Name ])) ])
            (fun _ -> Expr.VarSet(running, Expr.Value false)) path
    let record =
        let store () =
            let values = state |> List.collect (fun (p, _) -> leaves (Expr.Var p)) |> List.map encode
            let frameIndex = Expr.Var frame
            (values |> List.mapi (fun c v -> <@@ (%%Expr.Var frames: float[])[%%slot frameIndex c] <- (%%v: float) @@>))
            @ [ Expr.VarSet(frame, <@@ (%%frameIndex: int) + 1 @@>) ]
        descend true store (fun e -> Expr.Sequential(Expr.VarSet(result, e), Expr.VarSet(running, Expr.Value false))) path
    // The deepest frame first: its parameters read back in the order they were stored, its path taken again.
    let restored =
        let mutable c = 0
        let read () =
            let x = <@@ (%%Expr.Var frames: float[])[%%slot (Expr.Var frame) c] @@>
            c <- c + 1
            x
        let values = state |> List.map (fun (p, _) -> p, decode p.Type read)
        List.foldBack (fun (p: Var, v) r -> Expr.Let(p, v, r)) values (ascend path)
    let program =
        [ Expr.WhileLoop(Expr.Var running, bindState count)
          reset
          Expr.VarSet(running, Expr.Value true)
          Expr.WhileLoop(Expr.Var running, bindState record)
          Expr.VarSet(frame, <@@ (%%Expr.Var depth: int) - 1 @@>)
          Expr.WhileLoop(<@@ (%%Expr.Var frame: int) >= 0 @@>, Expr.Sequential(restored, Expr.VarSet(frame, <@@ (%%Expr.Var frame: int) - 1 @@>))) ]
    let body =
        Expr.Let(frames, <@@ Array.zeroCreate<float> ((%%Expr.Var depth: int) * m) @@>,
            Expr.Let(frame, Expr.Value 0, Expr.Let(result, zero resultType, Expr.Sequential(sequence program.Tail, Expr.Var result))))
    let body = Expr.Sequential(program.Head, body)
    let started = Expr.Let(depth, Expr.Value 0, Expr.Let(running, Expr.Value true, body))
    // The arguments of the call computed once, in F#'s order; the unchanging ones bound as the parameters themselves.
    let withState = List.foldBack (fun (p: Var, s: Var) r -> Expr.Let(s, Expr.Var(first[List.findIndex ((=) p) parameters]), r)) state started
    let withInvariant = List.foldBack2 (fun (p: Var) fixedParameter r -> if fixedParameter then Expr.Let(p, Expr.Var(first[List.findIndex ((=) p) parameters]), r) else r) parameters invariant withState
    List.foldBack2 (fun (v: Var) a r -> Expr.Let(v, a, r)) first args withInvariant
