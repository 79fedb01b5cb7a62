/// FSharp.Core's LeafExpressionConverter, applied to a whole pure quotation or to the pure pieces of an
/// imperative one. The converter's output (operator witnesses, FSharpFunc closures, tuple blocks) is what
/// the core's FSharpOperatorRewriter is written against, so every pure expression goes through it rather
/// than through a second, hand-written converter that would have to track FSharp.Core.
module internal ExprGrad.FSharp.LeafConversion

open System
open System.Collections.Generic
open System.Linq.Expressions
open Microsoft.FSharp.Quotations
open Microsoft.FSharp.Linq.RuntimeHelpers

/// Converts a closed quotation; the converter's own errors become a NotSupportedException naming the construct.
let convert (e: Expr) : Expression =
    try LeafExpressionConverter.QuotationToExpression e |> NestedDerivatives.restore
    with
    | :? NotSupportedException | :? InvalidOperationException | :? ArgumentException | :? NullReferenceException as ex ->
        let first = ex.Message.Split('\n') |> Array.head
        raise (NotSupportedException(
            $"ExprGrad.FSharp cannot translate the quotation {e}: FSharp.Core's converter reports '{first}'. "
            + "Fix: keep to float, float[] and float[,] values, lets, ifs, loops, operators and ExprGrad.Ops calls.", ex))

/// `ToFSharpFunc(p1 => ToFSharpFunc(p2 => body))`, the converter's form of a curried lambda, as its
/// parameters and innermost body.
let rec uncurry (e: Expression) (count: int) : ParameterExpression list * Expression =
    match e with
    | _ when count = 0 -> [], e
    | :? MethodCallExpression as call when call.Method.Name = "ToFSharpFunc" && call.Arguments.Count = 1 ->
        match call.Arguments[0] with
        | :? LambdaExpression as l when l.Parameters.Count = 1 ->
            let ps, body = uncurry l.Body (count - 1)
            l.Parameters[0] :: ps, body
        | _ -> invalidOp $"Unexpected converter output {e}"
    | _ -> invalidOp $"Unexpected converter output {e}"

type private Rebind(map: IReadOnlyDictionary<ParameterExpression, Expression>) =
    inherit ExpressionVisitor()
    override _.VisitParameter(node: ParameterExpression) : Expression =
        match map.TryGetValue node with
        | true, replacement -> replacement
        | _ -> node :> Expression

/// A pure expression whose free variables stand for the LINQ expressions `lookup` gives. The converter only
/// takes closed quotations, so the free variables become the parameters of a curried lambda, which are then
/// replaced. Fresh variables stand in for them because a `let mutable` variable cannot be a lambda parameter.
let withFreeVariables (lookup: Var -> Expression) (e: Expr) : Expression =
    let free = e.GetFreeVars() |> List.ofSeq
    if free.IsEmpty then convert e
    else
        let fresh = free |> List.map (fun v -> Var(v.Name, v.Type))
        let byOriginal = Dictionary<Var, Var>(HashIdentity.Reference)
        List.iter2 (fun v f -> byOriginal[v] <- f) free fresh
        let body = e.Substitute(fun v -> match byOriginal.TryGetValue v with | true, f -> Some(Expr.Var f) | _ -> None)
        let closed = List.foldBack (fun v b -> Expr.Lambda(v, b)) fresh body
        let parameters, linq = uncurry (convert closed) fresh.Length
        let map = Dictionary<ParameterExpression, Expression>()
        List.iter2 (fun p v -> map[p] <- lookup v) parameters free
        // Again once the variables are in place: a nested derivative's function may be one of them (a lambda with a loop).
        Rebind(map).Visit linq |> NestedDerivatives.restore
