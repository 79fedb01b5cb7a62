/// Quotation → LINQ lambda with one parameter per input (tuple elements become parameters). The operators,
/// lets, ifs and closures inside are converted by FSharp.Core's LeafExpressionConverter and normalized by the
/// core (FSharpOperatorRewriter); loops and mutables are translated by Statements; this module only reshapes
/// the input and guards against what cannot work.
module internal ExprGrad.FSharp.QuotationTranslation

open System
open System.Linq.Expressions
open System.Reflection
open Microsoft.FSharp.Quotations
open Microsoft.FSharp.Quotations.Patterns
open Microsoft.FSharp.Quotations.DerivedPatterns

/// `fun (x, y) -> body` is quoted as `fun tupledArg -> let x = tupledArg.Item1 in let y = … in body`: the
/// user's own variables become the parameters (so error messages keep their names), and any other read of
/// an element is replaced by that parameter.
let private untuple (arg: Var) (body: Expr) (types: Type[]) : Var list * Expr =
    let named = Array.create types.Length None
    let rec peel e =
        match e with
        | Let(v, TupleGet(Var t, i), rest) when t = arg && named[i].IsNone ->
            named[i] <- Some v
            peel rest
        | _ -> e
    let rest = peel body
    let vars = types |> Array.mapi (fun i t -> named[i] |> Option.defaultWith (fun () -> Var($"item{i + 1}", t)))
    let rec replace e =
        match e with
        | TupleGet(Var t, i) when t = arg -> Expr.Var vars[i]
        | Var t when t = arg ->
            raise (Construct.unsupported "the tuple input used as a whole value" e "use its elements, as in 'fun (x, y) -> …'")
        | ExprShape.ShapeVar _ -> e
        | ExprShape.ShapeLambda(v, b) -> Expr.Lambda(v, replace b)
        | ExprShape.ShapeCombination(shape, args) -> ExprShape.RebuildShapeCombination(shape, List.map replace args)
    List.ofArray vars, replace rest

/// Calls to functions marked [<ReflectedDefinition>] are inlined as lets, so script helpers such as
/// `sigmoid` can be used inside quotations; a plain F# function is opaque to the core (it has no tree).
let rec private inlineDefinitions (depth: int) (e: Expr) : Expr =
    let reflected (mi: MethodInfo) = not (isNull mi) && not mi.IsGenericMethod && (Expr.TryGetReflectedDefinition mi).IsSome
    match e with
    // A member of a [<ReflectedDefinition>] type (`r.Norm`, `r.Scaled 2.0`, `R.Origin`): its definition takes the
    // instance as its first parameter, so it is inlined like a module function applied to it.
    | Call(Some instance, mi, args) when reflected mi -> inlineReflected depth e mi (instance :: args)
    | PropertyGet(instance, p, []) when reflected p.GetMethod -> inlineReflected depth e p.GetMethod (Option.toList instance)
    | Call(None, mi, args) when reflected mi -> inlineReflected depth e mi args
    | ExprShape.ShapeVar _ -> e
    | ExprShape.ShapeLambda(v, b) -> Expr.Lambda(v, inlineDefinitions depth b)
    | ExprShape.ShapeCombination(shape, args) -> ExprShape.RebuildShapeCombination(shape, List.map (inlineDefinitions depth) args)

/// The call `e` of the [<ReflectedDefinition>] method mi (an instance first among args) as lets of its parameters
/// around its body.
and private inlineReflected (depth: int) (e: Expr) (mi: MethodInfo) (args: Expr list) : Expr =
    if depth > 32 then
        raise (Construct.unsupported $"the recursive functions '{mi.Name}' and the [<ReflectedDefinition>] functions it calls, which call it back" e
                   "write them as one 'let rec … and …' group, or as a for or while loop with 'let mutable'")
    let parameters, body =
        match Expr.TryGetReflectedDefinition(mi).Value with
        | Lambdas(groups, body) -> List.concat groups, body
        | body -> [], body
    let args = List.map (inlineDefinitions depth) args
    let parameters = parameters |> List.filter (fun v -> v.Type <> typeof<unit> || args.Length = List.length parameters)
    if parameters.Length <> args.Length then
        raise (Construct.unsupported $"a partial application of '{mi.Name}'" e "pass all its arguments")
    // A recursive [<ReflectedDefinition>] function (alone or with the ones it calls, which call it back) is the
    // `let rec … and …` it would be inside the quotation, which Recursion lowers.
    match (if parameters.IsEmpty then None else RecursiveDefinitions.group (inlineDefinitions (depth + 1)) mi args) with
    | Some recursive -> recursive
    | None -> List.foldBack2 (fun v a b -> Expr.Let(v, a, b)) parameters args (inlineDefinitions (depth + 1) body)

/// A quotation value a nested derivative is applied to (`diff inner x` with `let inner = <@ … @>` outside) as
/// if written in place, so its body goes through the same steps as the rest of the quotation.
let rec private spliceQuotations (e: Expr) : Expr =
    let splice (arg: Expr) =
        match arg with
        | Value(:? Expr as q, t) when typeof<Expr>.IsAssignableFrom t -> Expr.QuoteTyped(spliceQuotations q)
        | PropertyGet(None, p, []) when typeof<Expr>.IsAssignableFrom p.PropertyType -> Expr.QuoteTyped(spliceQuotations (p.GetValue(null) :?> Expr))
        | _ -> spliceQuotations arg
    match e with
    | Call(None, mi, args) when mi.DeclaringType.FullName = "ExprGrad.FSharp.Differentiation" || mi.DeclaringType.FullName = "ExprGrad.FSharp.Gradients" ->
        Expr.Call(mi, List.map splice args)
    | ExprShape.ShapeVar _ -> e
    | ExprShape.ShapeLambda(v, b) -> Expr.Lambda(v, spliceQuotations b)
    | ExprShape.ShapeCombination(shape, args) -> ExprShape.RebuildShapeCombination(shape, List.map spliceQuotations args)

let private listOfArray =
    match <@ List.ofArray [| 0.0 |] @> with
    | Call(None, mi, _) -> mi
    | _ -> invalidOp "List.ofArray is quoted as a call"

/// The LINQ lambda `(p1, …, pn) => body` for a quotation `fun x -> …` or `fun (x1, …, xn) -> …`; the result
/// type (float for gradients, float[] or float[,] for Jacobians) is the core's to check.
let toLambda (f: Expr) (parameterTypes: Type[]) : LambdaExpression =
    match f with
    | Lambda(arg, body) ->
        let vars, body =
            if parameterTypes.Length = 1 && not (Microsoft.FSharp.Reflection.FSharpType.IsTuple arg.Type) then [ arg ], body
            else untuple arg body (InputShape.memberTypes arg.Type)
        // A float list input is a float[] to the core: the body reads it as List.ofArray of that array, which
        // Collections lowers like any list.
        let vars, body =
            let arrays = vars |> List.map (fun v -> if v.Type = typeof<float list> then Var(v.Name, typeof<float[]>) else v)
            let body = body.Substitute(fun u ->
                match List.tryFindIndex ((=) u) vars with
                | Some i when u.Type = typeof<float list> -> Some(Expr.Call(listOfArray, [ Expr.Var arrays[i] ]))
                | _ -> None)
            arrays, body
        // A float list or sequence returned whole (a Jacobian's function) is the float[] of its elements; Collections
        // reads the conversion of the collections it knows element by element.
        let body =
            if body.Type = typeof<float list> then <@@ List.toArray<float> (%%body: float list) @@>
            elif body.Type = typeof<seq<float>> then <@@ Seq.toArray<float> (%%body: seq<float>) @@>
            else body
        let reduce = Reduction.reduce Collections.isCollection
        // Reduced again after lowering: a fold's tuple state is split only once its step is in place.
        // Lowered once more after the nested derivatives: the vector operations move the point with Array.init.
        let body =
            spliceQuotations body |> inlineDefinitions 0 |> Recursion.lower |> ArrayState.prepare |> reduce |> Collections.lower |> reduce |> NestedDerivatives.rewrite
            |> reduce |> Collections.lower |> reduce
        // A collection read inside another's elements (a group of `groupBy`, a column of `transpose`) is bound to a
        // name only once its enclosing element is taken apart: lowered again until nothing changes.
        let rec settle rounds (e: Expr) =
            let next = e |> Collections.lower |> reduce
            if rounds = 0 || next = e then next else settle (rounds - 1) next
        let body = settle 8 body
        let delegateType = Expression.GetFuncType([| yield! parameterTypes; body.Type |])
        if Statements.isImperative body then
            let parameters = vars |> List.map (fun v -> Expression.Parameter(v.Type, v.Name))
            let linqBody = Statements.translate (List.zip vars parameters) body
            Expression.Lambda(delegateType, linqBody, "f", parameters)
        else
            Construct.check body
            let curried = List.foldBack (fun v b -> Expr.Lambda(v, b)) vars body
            let parameters, linqBody = LeafConversion.uncurry (LeafConversion.convert curried) vars.Length
            Expression.Lambda(delegateType, linqBody, "f", parameters)
    | _ -> raise (Construct.unsupported "a quotation that is not a lambda" f "write <@ fun x -> … @>")
