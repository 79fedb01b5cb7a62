/// `[<ReflectedDefinition>] let rec f … and g …` outside the quotation: the methods that call one another back are
/// the `let rec … and …` they would be inside it, which Recursion lowers (a loop, or frames for a linear recursion).
module internal ExprGrad.FSharp.RecursiveDefinitions

open System.Reflection
open Microsoft.FSharp.Quotations
open Microsoft.FSharp.Quotations.Patterns
open Microsoft.FSharp.Quotations.DerivedPatterns

let private reflected (mi: MethodInfo) = not (isNull mi) && not mi.IsGenericMethod && (Expr.TryGetReflectedDefinition mi).IsSome

let private parametersAndBody (mi: MethodInfo) =
    match Expr.TryGetReflectedDefinition(mi).Value with
    | Lambdas(groups, body) -> List.concat groups, body
    | body -> [], body

/// The module functions with a reflected definition that `e` calls.
let rec private callees (e: Expr) : MethodInfo list =
    match e with
    | Call(None, mi, args) when reflected mi -> mi :: List.collect callees args
    | ExprShape.ShapeVar _ -> []
    | ExprShape.ShapeLambda(_, b) -> callees b
    | ExprShape.ShapeCombination(_, xs) -> List.collect callees xs

/// Every reflected method mi calls, directly or through others (MethodInfo has equality, no order).
let private reachable (mi: MethodInfo) : MethodInfo list =
    let rec visit (seen: MethodInfo list) (m: MethodInfo) =
        callees (snd (parametersAndBody m)) |> List.fold (fun s c -> if List.contains c s then s else visit (c :: s) c) seen
    visit [] mi

/// The call `mi args` as a `let rec` of every method that calls mi back (mi's recursive group), each body's other
/// reflected calls inlined by `inlineOther`; None when mi does not call itself, directly or through others.
let group (inlineOther: Expr -> Expr) (mi: MethodInfo) (args: Expr list) : Expr option =
    let fromMi = reachable mi
    if not (List.contains mi fromMi) || (fst (parametersAndBody mi)).IsEmpty then None
    else
        let members = mi :: (fromMi |> List.filter (fun m -> m <> mi && List.contains mi (reachable m)) |> List.rev)
        let vars =
            members |> List.map (fun m ->
                let parameters, body = parametersAndBody m
                m, Var(m.Name, List.foldBack (fun (p: Var) t -> Reflection.FSharpType.MakeFunctionType(p.Type, t)) parameters body.Type))
        let apply (f: Var) (xs: Expr list) = List.fold (fun g x -> Expr.Application(g, x)) (Expr.Var f) xs
        let rec toVars (x: Expr) =
            match x with
            | Call(None, m, xs) when List.exists (fst >> (=) m) vars -> apply (snd (List.find (fst >> (=) m) vars)) (List.map toVars xs)
            | ExprShape.ShapeVar _ -> x
            | ExprShape.ShapeLambda(v, b) -> Expr.Lambda(v, toVars b)
            | ExprShape.ShapeCombination(shape, xs) -> ExprShape.RebuildShapeCombination(shape, List.map toVars xs)
        let bindings =
            vars |> List.map (fun (m, f) ->
                let parameters, body = parametersAndBody m
                f, List.foldBack (fun p b -> Expr.Lambda(p, b)) parameters (inlineOther (toVars body)))
        Some(Expr.LetRecursive(bindings, apply (snd vars.Head) args))
