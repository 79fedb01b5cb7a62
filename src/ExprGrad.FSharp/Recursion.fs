/// `let rec` of a tail-recursive local function, the idiomatic F# loop
/// (`let rec go i acc = if i = n then acc else go (i + 1) (acc + …)`), lowered where it is called onto the loop
/// machinery Statements translates: one mutable per parameter that changes, a `while` that runs the body once per
/// call, a tail call assigning the parameters (all arguments computed first, as F# passes them) and any other
/// result ending the loop. Nothing is unrolled: the number of calls is decided when the gradient runs.
module internal ExprGrad.FSharp.Recursion

open System
open Microsoft.FSharp.Quotations
open Microsoft.FSharp.Quotations.Patterns

let private reject construct (e: Expr) fix = raise (Construct.unsupported construct e fix)

let private tailFix (name: string) =
    $"make '{name}' tail-recursive, carrying the result in an accumulator parameter and returning it at the end "
    + "(let rec go i acc = if i = n then acc else go (i + 1) (acc + …)), or write a for or while loop with 'let mutable'"

/// `f a1 … ak` as f's arguments, when e is an application of f to any number of them.
let private applicationOf (f: Var) (e: Expr) : Expr list option =
    let rec walk (x: Expr) args =
        match x with
        | Application(g, a) -> walk g (a :: args)
        | Var v when v = f -> Some args
        | _ -> None
    walk e []

let private mentions (f: Var) (e: Expr) = e.GetFreeVars() |> Seq.exists ((=) f)

/// A value of the result's type to start the result variable with (never read: the loop assigns it before it ends).
let rec private zero (t: Type) : Expr =
    if t = typeof<float> then Expr.Value 0.0
    elif t = typeof<int> then Expr.Value 0
    elif t = typeof<bool> then Expr.Value false
    elif Reflection.FSharpType.IsTuple t then Expr.NewTuple(Reflection.FSharpType.GetTupleElements t |> Array.map zero |> List.ofArray)
    else invalidOp $"no zero of {t.Name}"

let rec private hasZero (t: Type) =
    t = typeof<float> || t = typeof<int> || t = typeof<bool>
    || (Reflection.FSharpType.IsTuple t && Reflection.FSharpType.GetTupleElements t |> Array.forall hasZero)

/// The loop for one call `f args`: parameters, body, the arguments, and which parameters every tail call passes on unchanged.
let private loopFor (f: Var) (parameters: Var list) (body: Expr) (args: Expr list) (invariant: bool list) : Expr =
    let state = List.map2 (fun (p: Var) fixedParameter -> if fixedParameter then None else Some(Var(p.Name, p.Type, true))) parameters invariant
    let result = Var("result", body.Type, true)
    let running = Var("running", typeof<bool>, true)
    let rec tails (e: Expr) : Expr =
        match applicationOf f e with
        | Some callArgs ->
            let temps = callArgs |> List.mapi (fun k a -> Var($"next{k + 1}", a.Type))
            let sets =
                List.zip state temps |> List.choose (fun (s, t) -> s |> Option.map (fun s -> Expr.VarSet(s, Expr.Var t)))
            let assign = match sets with [] -> Expr.Value(()) | _ -> List.reduceBack (fun a b -> Expr.Sequential(a, b)) sets
            List.foldBack2 (fun t a rest -> Expr.Let(t, a, rest)) temps callArgs assign
        | None ->
            match e with
            | IfThenElse(test, a, b) when not (mentions f test) -> Expr.IfThenElse(test, tails a, tails b)
            | Let(v, value, rest) when not (mentions f value) -> Expr.Let(v, value, tails rest)
            | Sequential(first, rest) when not (mentions f first) -> Expr.Sequential(first, tails rest)
            | _ when mentions f e -> reject $"the recursive function '{f.Name}', which calls itself other than as its last action" e (tailFix f.Name)
            | _ -> Expr.Sequential(Expr.VarSet(result, e), Expr.VarSet(running, Expr.Value false))
    // Each iteration binds the parameters' own (immutable) variables to the current state, so the body is read as written.
    let iteration =
        List.foldBack2 (fun (p: Var) s rest -> match s with Some (s: Var) -> Expr.Let(p, Expr.Var s, rest) | None -> rest) parameters state (tails body)
    let loop = Expr.Sequential(Expr.WhileLoop(Expr.Var running, iteration), Expr.Var result)
    let started = Expr.Let(result, zero body.Type, Expr.Let(running, Expr.Value true, loop))
    // The arguments of the first call, in F#'s order; the unchanging ones bound once as the parameters themselves.
    List.foldBack2 (fun (p: Var) (s, a) rest -> match s with Some s -> Expr.Let(s, a, rest) | None -> Expr.Let(p, a, rest)) parameters (List.zip state args) started

/// Every `let rec` in the quotation lowered, or rejected naming the function with the F# fix.
let rec lower (e: Expr) : Expr =
    match e with
    | LetRecursive([ f, definition ], rest) ->
        let rec lambdas (x: Expr) acc =
            match x with
            | Lambda(p, b) -> lambdas b (p :: acc)
            | _ -> List.rev acc, x
        let parameters, body = lambdas definition []
        if parameters.IsEmpty then
            reject $"the recursive value '{f.Name}'" e "define a function ('let rec go i acc = …') or compute the value with a for loop"
        if not (hasZero body.Type) then
            reject $"the recursive function '{f.Name}' returning a {body.Type.Name}" e "return a float, an int, a bool or a tuple of them"
        let body = lower body
        // Which parameters every tail call passes on as they are (`go (i + 1) (acc + …) xs` keeps xs).
        let rec calls (x: Expr) : Expr list list =
            match applicationOf f x with
            | Some args -> [ args ] @ (args |> List.collect calls)
            | None ->
                match x with
                | ExprShape.ShapeVar _ -> []
                | ExprShape.ShapeLambda(_, b) -> calls b
                | ExprShape.ShapeCombination(_, args) -> args |> List.collect calls
        let invariant =
            parameters |> List.mapi (fun k p ->
                calls body |> List.forall (fun args -> args.Length = parameters.Length && (match args[k] with Var v -> v = p | _ -> false)))
        let rec inlineCalls (x: Expr) : Expr =
            match applicationOf f x with
            | Some args when args.Length = parameters.Length -> loopFor f parameters body (List.map inlineCalls args) invariant
            | Some [] -> reject $"the recursive function '{f.Name}' used as a value" x $"apply '{f.Name}' to all its arguments"
            | Some _ -> reject $"a partial application of the recursive function '{f.Name}'" x "pass all its arguments"
            | None ->
                match x with
                | ExprShape.ShapeVar _ -> x
                | ExprShape.ShapeLambda(v, b) -> Expr.Lambda(v, inlineCalls b)
                | ExprShape.ShapeCombination(shape, args) -> ExprShape.RebuildShapeCombination(shape, List.map inlineCalls args)
        inlineCalls (lower rest)
    | LetRecursive(bindings, _) ->
        let names = bindings |> List.map (fun (v, _) -> $"'{v.Name}'") |> String.concat ", "
        reject $"the mutually recursive functions {names}" e "merge them into one tail-recursive function with a parameter saying which step runs, or write a loop"
    | ExprShape.ShapeVar _ -> e
    | ExprShape.ShapeLambda(v, b) -> Expr.Lambda(v, lower b)
    | ExprShape.ShapeCombination(shape, args) -> ExprShape.RebuildShapeCombination(shape, List.map lower args)
