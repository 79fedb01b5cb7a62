/// A tree recursion (a path calling the function more than once: `f (n - 1) + f (n - 2)`, a sum over two halves),
/// lowered where it is called onto the loop machinery Statements translates, without unrolling: an explicit stack of
/// frames in local float arrays (each frame's changing parameters, which of its calls it waits for, and the results
/// of the calls it made). Each turn of the loop takes the top frame's path again from its parameters: at a result
/// without a call it pops with that result; at its calls it stores the result just returned, pushes the next call,
/// or, after the last, applies the expression that waited for them all and pops. A call whose result the rest of the
/// path reads (a later call's argument, a test) is made on its own: when it returns, the path is taken again with its
/// result bound (each returned result is kept in the frame's slot for that call). The stack starts small and the
/// whole evaluation runs again with twice the room when it overflows (everything it computes is pure), so the depth,
/// decided when the gradient runs, is never bounded by a guess.
module internal ExprGrad.FSharp.RecursionStack

open System
open Microsoft.FSharp.Quotations
open ExprGrad.FSharp.RecursionShapes
open ExprGrad.FSharp.RecursionFrames

let private grow = typeof<RecursionChecks>.GetMethod("Grow", Reflection.BindingFlags.Static ||| Reflection.BindingFlags.Public ||| Reflection.BindingFlags.NonPublic)

let private item (array: Var) (index: Expr) = <@@ (%%Expr.Var array: float[])[(%%index: int)] @@>
let private setItem (array: Var) (index: Expr) (value: Expr) = <@@ (%%Expr.Var array: float[])[(%%index: int)] <- (%%value: float) @@>

/// The call `f args` of the recursion f(parameters) = body, whose paths are `path`; `invariant` marks the parameters
/// every call passes on unchanged (bound once, never stored).
let lower (f: Var) (parameters: Var list) (path: Path) (resultType: Type) (args: Expr list) (invariant: bool list) : Expr =
    let changing = changingParameters f parameters invariant
    let m = changing |> List.sumBy (fun p -> width p.Type)
    let w = width resultType
    let rec mostCalls p =
        match p with
        | Test(_, a, b) -> max (mostCalls a) (mostCalls b)
        | Bind(_, _, r) | Effect(_, r) -> mostCalls r
        | Base _ -> 0
        | Step(calls, _) -> calls.Length
        | Then(_, rest) -> 1 + mostCalls rest
    let k = mostCalls path
    let first = parameters |> List.map (fun p -> Var(p.Name + "First", p.Type))
    let capacity = Var("capacity", typeof<int>, true)
    let finished = Var("finished", typeof<bool>, true)
    let overflow = Var("overflow", typeof<bool>, true)
    let top = Var("top", typeof<int>, true)
    let result = Var("result", resultType, true)
    let stored = Var("frames", typeof<float[]>)
    let waiting = Var("waiting", typeof<float[]>)
    let results = Var("results", typeof<float[]>)
    let topIndex = Expr.Var top
    let lit (x: int) = Expr.Value x
    let ( *. ) (a: Expr) (b: Expr) = <@@ (%%a: int) * (%%b: int) @@>
    let ( +. ) (a: Expr) (b: Expr) = <@@ (%%a: int) + (%%b: int) @@>
    /// Frame `at` holds the values of the changing parameters in `values` (expressions of their types).
    let storeFrame (at: Expr) (values: Expr list) =
        let temps = values |> List.mapi (fun i v -> Var($"arg{i + 1}", v.Type))
        let sets = temps |> List.collect (Expr.Var >> leaves) |> List.map encode |> List.mapi (fun c v -> setItem stored ((at *. lit m) +. lit c) v)
        List.foldBack2 (fun t v r -> Expr.Let(t, v, r)) temps values (sequence (sets @ [ setItem waiting at (Expr.Value 0.0) ]))
    let changingArguments (callArgs: Expr list) =
        List.zip parameters callArgs |> List.filter (fun (p, _) -> List.contains p changing) |> List.map snd
    let readFrom (array: Var) (start: Expr) =
        let mutable c = 0
        fun () ->
            let x = item array (start +. lit c)
            c <- c + 1
            x
    let pop = Expr.VarSet(top, <@@ (%%topIndex: int) - 1 @@>)
    let waitingFor = <@@ int (%%item waiting topIndex: float) @@>
    // Call j of a frame (counted along its path) keeps its result in slot j.
    let slot (j: int) = ((topIndex *. lit k) +. lit j) *. lit w
    let returned (hole: Var) (j: int) = decode hole.Type (readFrom results (slot j))
    /// Makes call j: the frame waits for it, the callee's frame is stored above it.
    let push (j: int) (callArgs: Expr list) =
        Expr.IfThenElse(<@@ (%%topIndex: int) + 1 = (%%Expr.Var capacity: int) @@>,
            Expr.VarSet(overflow, Expr.Value true),
            sequence [ setItem waiting topIndex (Expr.Value(float (j + 1)))
                       storeFrame (topIndex +. lit 1) (changingArguments callArgs)
                       Expr.VarSet(top, <@@ (%%topIndex: int) + 1 @@>) ])
    /// The top frame's path, `before` calls already on the way.
    let rec turn (before: int) (p: Path) : Expr =
        match p with
        | Test(t, a, b) -> Expr.IfThenElse(t, turn before a, turn before b)
        | Bind(v, value, rest) -> Expr.Let(v, value, turn before rest)
        // A statement runs once per call, when the frame first gets there.
        | Effect(e, rest) -> Expr.Sequential(Expr.IfThenElse(<@@ (%%waitingFor: int) = before @@>, e, Expr.Value(())), turn before rest)
        | Base e -> Expr.Sequential(Expr.VarSet(result, e), pop)
        | Then((callArgs, hole), rest) ->
            Expr.IfThenElse(<@@ (%%waitingFor: int) > before @@>,
                Expr.Let(hole, returned hole before, turn (before + 1) rest),
                push before callArgs)
        | Step(calls, context) ->
            // An argument may read the results of the calls before it (f (f (n - 1))), kept in their slots.
            let withResults count body =
                calls |> List.take count |> List.mapi (fun i (_, hole) -> hole, returned hole (before + i))
                |> fun bound -> List.foldBack (fun (h: Var, v) r -> Expr.Let(h, v, r)) bound body
            let finish = withResults calls.Length (Expr.Sequential(Expr.VarSet(result, context), pop))
            List.foldBack (fun j rest -> Expr.IfThenElse(<@@ (%%waitingFor: int) = before + j @@>, withResults j (push (before + j) (fst calls[j])), rest))
                [ 0 .. calls.Length - 1 ] finish
    let restore rest =
        let read = readFrom stored (topIndex *. lit m)
        // Read front to back, in the order storeFrame wrote them.
        let values = changing |> List.map (fun p -> p, decode p.Type read)
        // Back at a frame that made calls, the result just returned is that of its latest call.
        let keep =
            Expr.IfThenElse(<@@ (%%waitingFor: int) > 0 @@>,
                sequence (leaves (Expr.Var result) |> List.map encode |> List.mapi (fun c v ->
                    setItem results (((topIndex *. lit k) +. <@@ (%%waitingFor: int) - 1 @@>) *. lit w +. lit c) v)),
                Expr.Value(()))
        Expr.Sequential(keep, List.foldBack (fun (p: Var, v) r -> Expr.Let(p, v, r)) values rest)
    let attempt =
        Expr.Let(stored, <@@ Array.zeroCreate<float> ((%%Expr.Var capacity: int) * m) @@>,
            Expr.Let(waiting, <@@ Array.zeroCreate<float> (%%Expr.Var capacity: int) @@>,
                Expr.Let(results, <@@ Array.zeroCreate<float> ((%%Expr.Var capacity: int) * (k * w)) @@>,
                    sequence
                        [ storeFrame (lit 0) (changing |> List.map (fun p -> Expr.Var first[List.findIndex ((=) p) parameters]))
                          Expr.VarSet(top, lit 0)
                          Expr.VarSet(overflow, Expr.Value false)
                          Expr.WhileLoop(<@@ (%%topIndex: int) >= 0 && not (%%Expr.Var overflow: bool) @@>, restore (turn 0 path))
                          Expr.IfThenElse(Expr.Var overflow,
                              Expr.VarSet(capacity, Expr.Call(grow, [ Expr.Var capacity; Expr.Value f.Name ])),
                              Expr.VarSet(finished, Expr.Value true)) ])))
    let machine =
        Expr.Let(capacity, lit 16, Expr.Let(finished, Expr.Value false, Expr.Let(overflow, Expr.Value false, Expr.Let(top, lit 0,
            Expr.Let(result, zero resultType, Expr.Sequential(Expr.WhileLoop(<@@ not (%%Expr.Var finished: bool) @@>, attempt), Expr.Var result))))))
    let withInvariant =
        List.foldBack2 (fun (p: Var) fixedParameter r -> if fixedParameter then Expr.Let(p, Expr.Var(first[List.findIndex ((=) p) parameters]), r) else r) parameters invariant machine
    List.foldBack2 (fun (v: Var) a r -> Expr.Let(v, a, r)) first args withInvariant
