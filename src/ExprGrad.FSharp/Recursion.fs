/// `let rec` of a tail-recursive local function, the idiomatic F# loop
/// (`let rec go i acc = if i = n then acc else go (i + 1) (acc + …)`), lowered where it is called onto the loop
/// machinery Statements translates: one mutable per parameter that changes, a `while` that runs the body once per
/// call, a tail call assigning the parameters (all arguments computed first, as F# passes them) and any other
/// result ending the loop. Nothing is unrolled: the number of calls is decided when the gradient runs. A function
/// that calls itself other than last goes to RecursionFrames (one call per path) or RecursionStack (several), and
/// `let rec … and …` becomes one function of a member tag first.
module internal ExprGrad.FSharp.Recursion

open System
open Microsoft.FSharp.Quotations
open Microsoft.FSharp.Quotations.Patterns
open ExprGrad.FSharp.RecursionShapes

let private tailFix (name: string) =
    $"make '{name}' tail-recursive, carrying the result in an accumulator parameter and returning it at the end "
    + "(let rec go i acc = if i = n then acc else go (i + 1) (acc + …)), or write a for or while loop with 'let mutable'"

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

/// `let rec f … and g …` as one function of a tag saying which member runs and of the members' parameters (one set
/// when they take the same types, else every member's, the others' at zero): a call of g becomes a call of the merged function with g's tag, so tail calls among the members
/// are one loop and linear calls one stack of frames, as for a single function.
let private merge (bindings: (Var * Expr) list) (rest: Expr) (e: Expr) : Expr =
    let names = bindings |> List.map (fun (v, _) -> v.Name) |> String.concat " and "
    let members =
        bindings |> List.map (fun (v, definition) ->
            let rec lambdas (x: Expr) acc =
                match x with
                | Lambda(p, b) -> lambdas b (p :: acc)
                | _ -> List.rev acc, x
            let parameters, body = lambdas definition []
            if parameters.IsEmpty then reject $"the recursive value '{v.Name}'" e "define a function ('let rec go i acc = …') or compute the value with a for loop"
            v, parameters, body)
    // Members taking the same parameter types (`even xs i` and `odd xs i`) share one set, so a value every call passes
    // on (an array) stays one unchanging parameter; otherwise each member has its own, the others' at zero.
    let types (ps: Var list) = ps |> List.map (fun p -> p.Type)
    let (_, firstParameters, _) = members.Head
    let shared = members |> List.forall (fun (_, ps, _) -> types ps = types firstParameters)
    let members =
        if shared then
            members |> List.map (fun (v, ps, body) ->
                v, firstParameters, body.Substitute(fun u -> List.tryFindIndex ((=) u) ps |> Option.map (fun i -> Expr.Var firstParameters[i])))
        else
            for (v, ps, _) in members do
                for p in ps do
                    if not (hasZero p.Type) then
                        reject $"the mutually recursive functions {names}, whose parameter '{p.Name}' of '{v.Name}' is a {p.Type.Name}" e
                            "give the members the same parameter types, or float, int or bool parameters (or tuples of them)"
            members
    let resultType = let (_, _, b) = members.Head in b.Type
    for (v, _, b) in members do
        if b.Type <> resultType then
            reject $"the mutually recursive functions {names}, where '{v.Name}' returns a {b.Type.Name} and the first a {resultType.Name}" e
                "make them return the same type"
    let tag = Var("which", typeof<int>)
    let allParameters = tag :: (if shared then firstParameters else members |> List.collect (fun (_, ps, _) -> ps))
    let merged = Var(names, List.foldBack (fun (p: Var) t -> Reflection.FSharpType.MakeFunctionType(p.Type, t)) allParameters resultType)
    let call (k: int) (args: Expr list) =
        let arguments =
            if shared then Expr.Value k :: args
            else Expr.Value k :: (members |> List.mapi (fun j (_, ps, _) -> if j = k then args else ps |> List.map (fun p -> zero p.Type)) |> List.concat)
        List.fold (fun g a -> Expr.Application(g, a)) (Expr.Var merged) arguments
    let rec redirect (x: Expr) : Expr =
        let target = members |> List.tryFindIndex (fun (v, _, _) -> (applicationOf v x).IsSome)
        match target with
        | Some k ->
            let (v, ps, _) = members[k]
            let args = (applicationOf v x).Value
            if args.IsEmpty then reject $"the recursive function '{v.Name}' used as a value" x $"apply '{v.Name}' to all its arguments"
            if args.Length <> ps.Length then reject $"a partial application of the recursive function '{v.Name}'" x "pass all its arguments"
            call k (List.map redirect args)
        | None ->
            match x with
            | ExprShape.ShapeVar _ -> x
            | ExprShape.ShapeLambda(v, b) -> Expr.Lambda(v, redirect b)
            | ExprShape.ShapeCombination(shape, xs) -> ExprShape.RebuildShapeCombination(shape, List.map redirect xs)
    let dispatch =
        members |> List.mapi (fun k (_, _, b) -> k, redirect b) |> List.rev
        |> List.reduce (fun (_, otherwise) (k, b) -> k, Expr.IfThenElse(<@@ (%%Expr.Var tag: int) = k @@>, b, otherwise))
        |> snd
    Expr.LetRecursive([ merged, List.foldBack (fun p b -> Expr.Lambda(p, b)) allParameters dispatch ], redirect rest)

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
        let path = paths f parameters.Length body
        let tail = isTail path
        let rec inlineCalls (x: Expr) : Expr =
            match applicationOf f x with
            | Some args when args.Length = parameters.Length ->
                if isTree path then RecursionStack.lower f parameters path body.Type (List.map inlineCalls args) invariant
                elif tail then loopFor f parameters body (List.map inlineCalls args) invariant
                else RecursionFrames.lower f parameters path body.Type (List.map inlineCalls args) invariant
            | Some [] -> reject $"the recursive function '{f.Name}' used as a value" x $"apply '{f.Name}' to all its arguments"
            | Some _ -> reject $"a partial application of the recursive function '{f.Name}'" x "pass all its arguments"
            | None ->
                match x with
                | ExprShape.ShapeVar _ -> x
                | ExprShape.ShapeLambda(v, b) -> Expr.Lambda(v, inlineCalls b)
                | ExprShape.ShapeCombination(shape, args) -> ExprShape.RebuildShapeCombination(shape, List.map inlineCalls args)
        inlineCalls (lower rest)
    | LetRecursive(bindings, rest) -> lower (merge bindings rest e)
    | ExprShape.ShapeVar _ -> e
    | ExprShape.ShapeLambda(v, b) -> Expr.Lambda(v, lower b)
    | ExprShape.ShapeCombination(shape, args) -> ExprShape.RebuildShapeCombination(shape, List.map lower args)
