/// `diff`, `diff2`, `diffn` and `grad` of a float function and `gradv` applied inside a quotation, onto the core's nested
/// derivative, `Ops.Derivative(y => body, at)`, which the core expands symbolically with the enclosing
/// variables held constant: nesting is perturbation-safe because the inner derivative is taken before the
/// outer one ever sees it. FSharp.Core's converter rejects nested quotations, so the inner function travels
/// through it as a delegate argument of a marker method, and the marker becomes Ops.Derivative afterwards.
module internal ExprGrad.FSharp.NestedDerivatives

open System
open System.Linq.Expressions
open Microsoft.FSharp.Quotations
open Microsoft.FSharp.Quotations.Patterns
open ExprGrad

/// Stands for Ops.Derivative while the quotation goes through FSharp.Core's converter; `restore` replaces
/// every call of it, so it never runs.
type Marker =
    static member Derivative(f: Func<float, float>, at: float) : float =
        ignore (f, at)
        invalidOp "ExprGrad.FSharp's nested-derivative marker was not replaced."

let private markerMethod =
    typeof<Marker>.GetMethod("Derivative", Reflection.BindingFlags.Static ||| Reflection.BindingFlags.Public ||| Reflection.BindingFlags.NonPublic)
let private opsDerivative = typeof<Ops>.GetMethod("Derivative")
let private opsAdd = typeof<Ops>.GetMethod("Add", [| typeof<float[]>; typeof<float[]> |])
let private opsScale = typeof<Ops>.GetMethod("Scale", [| typeof<float>; typeof<float[]> |])

/// The API functions that mean "the n-th derivative of a float function", by name: the module defining them
/// is compiled after this one.
let private orderOf (mi: Reflection.MethodInfo) (args: Expr list) : int option =
    if mi.DeclaringType.FullName <> "ExprGrad.FSharp.Differentiation" && mi.DeclaringType.FullName <> "ExprGrad.FSharp.Gradients" then None
    else
        match mi.Name, args with
        | "diff", [ _ ] -> Some 1
        | "grad", [ f ] when f.Type = typeof<Expr<float -> float>> -> Some 1
        | "diff2", [ _ ] -> Some 2
        | "diffn", [ Value(:? int as n, _); _ ] when n >= 0 -> Some n
        | "diffn", [ n; _ ] ->
            raise (Construct.unsupported "a nested 'diffn' whose order is not a literal" n "write the order as a literal such as 3")
        | _ -> None

/// The quotation an API function is applied to: written in place, or a quotation value the outer one captured.
let private quoted (e: Expr) : Expr =
    match e with
    | QuoteTyped q | QuoteRaw q -> q
    | Value(:? Expr as q, _) -> q
    | PropertyGet(None, p, []) when typeof<Expr>.IsAssignableFrom p.PropertyType -> p.GetValue(null) :?> Expr
    | _ -> raise (Construct.unsupported "a nested derivative of a quotation computed in the quotation" e "write the inner quotation in place, as diff <@ fun y -> … @> x")

/// `Marker.Derivative(fun y -> body, at)` applied `order` times: f⁽ⁿ⁾ = (f⁽ⁿ⁻¹⁾)′.
let rec private derivative (order: int) (f: Expr) (at: Expr) : Expr =
    match f with
    | Lambda(y, body) when y.Type = typeof<float> && body.Type = typeof<float> ->
        if order = 0 then Expr.Let(y, at, body)
        else
            let t = Var("t", typeof<float>)
            let lower = derivative (order - 1) f (Expr.Var t)
            Expr.Call(markerMethod, [ Expr.NewDelegate(typeof<Func<float, float>>, [ t ], lower); at ])
    | _ -> raise (Construct.unsupported "a nested derivative of a quotation that is not 'fun (y: float) -> …'" f "differentiate a float function of one float")

/// The function of a nested vector operation, `fun (w: float[]) -> …` returning a float or a float[].
let private vectorFunction (name: string) (result: Type) (f: Expr) : Var * Expr =
    match f with
    | Lambda(w, body) when w.Type = typeof<float[]> && body.Type = result -> w, body
    | _ -> raise (Construct.unsupported $"a nested '{name}' of a quotation that is not 'fun (w: float[]) -> …' returning {result.Name}" f $"differentiate a function of one float[] returning {result.Name}")

/// The operations on a function of a float[] (Hessians, Jacobians, their products, the Laplacian, curl, div)
/// nested in a quotation, each entry a nested float derivative along basis or given directions: the same
/// perturbation-safe Ops.Derivative as `diff`, so the enclosing variables are held constant.
let private vectorOperation (name: string) (f: Expr) (x: Expr) (v: Expr option) : Expr option =
    let point, n = Var("point", typeof<float[]>), Var("n", typeof<int>)
    let p, size = Expr.Var point, Expr.Var n
    let scalar () = vectorFunction name typeof<float> f
    let field () = vectorFunction name typeof<float[]> f
    let direction () = v.Value
    let d (body: Expr -> Expr) = let t = Var("t", typeof<float>) in derivative 1 (Expr.Lambda(t, body (Expr.Var t))) (Expr.Value 0.0)
    let d2 (body: Expr -> Expr) = let t = Var("t", typeof<float>) in derivative 2 (Expr.Lambda(t, body (Expr.Var t))) (Expr.Value 0.0)
    // f at the point moved by Σ tₖ·directionₖ: a basis direction is an index, any other a float[].
    let at (w: Var, body: Expr) (steps: (Expr * Choice<Expr, Expr>) list) =
        let k = Var("k", typeof<int>)
        let step (t: Expr, direction) =
            match direction with
            | Choice1Of2 i -> <@@ if (%%(Expr.Var k): int) = (%%i: int) then (%%t: float) else 0.0 @@>
            | Choice2Of2 v -> <@@ (%%t: float) * (%%v: float[]).[%%(Expr.Var k)] @@>
        let element = steps |> List.fold (fun acc s -> <@@ (%%acc: float) + (%%(step s): float) @@>) <@@ (%%p: float[]).[%%(Expr.Var k)] @@>
        Expr.Let(w, <@@ Array.init<float> (%%size: int) (%%(Expr.Lambda(k, element)): int -> float) @@>, body)
    let item (e: Expr) (i: Expr) = <@@ (%%e: float[]).[%%i: int] @@>
    let vector (count: Expr) (entry: Expr -> Expr) =
        let r, i = Var("result", typeof<float[]>), Var("i", typeof<int>)
        Expr.Let(r, <@@ Array.zeroCreate<float> (%%count: int) @@>,
            Expr.Sequential(Expr.ForIntegerRangeLoop(i, <@@ 0 @@>, <@@ (%%count: int) - 1 @@>, <@@ (%%(Expr.Var r): float[]).[%%(Expr.Var i)] <- (%%(entry (Expr.Var i)): float) @@>), Expr.Var r))
    let matrix (rows: Expr) (entry: Expr -> Expr -> Expr) =
        let m, i, j = Var("matrix", typeof<float[,]>), Var("i", typeof<int>), Var("j", typeof<int>)
        let write = <@@ (%%(Expr.Var m): float[,]).[%%(Expr.Var i), %%(Expr.Var j)] <- (%%(entry (Expr.Var i) (Expr.Var j)): float) @@>
        Expr.Let(m, <@@ Array2D.zeroCreate<float> (%%rows: int) (%%size: int) @@>,
            Expr.Sequential(Expr.ForIntegerRangeLoop(i, <@@ 0 @@>, <@@ (%%rows: int) - 1 @@>, Expr.ForIntegerRangeLoop(j, <@@ 0 @@>, <@@ (%%size: int) - 1 @@>, write)), Expr.Var m))
    let total (entry: Expr -> Expr) =
        let i = Var("i", typeof<int>)
        <@@ Array.sum<float> (Array.init<float> (%%size: int) (%%(Expr.Lambda(i, entry (Expr.Var i))): int -> float)) @@>
    let hessianEntry i j = d (fun s -> d (fun t -> at (scalar ()) [ t, Choice1Of2 i; s, Choice1Of2 j ]))
    let outputs () = <@@ (%%(at (field ()) []): float[]).Length @@>
    let jacobianEntry i j = d (fun t -> item (at (field ()) [ t, Choice1Of2 j ]) i)
    let result =
        match name, v with
        | "hessian", None -> Some(matrix size hessianEntry)
        | "gradhessian", None -> Some(Expr.NewTuple [ vector size (fun i -> d (fun t -> at (scalar ()) [ t, Choice1Of2 i ])); matrix size hessianEntry ])
        | "laplacian", None -> Some(total (fun i -> d2 (fun t -> at (scalar ()) [ t, Choice1Of2 i ])))
        | "jacobian", None -> Some(matrix (outputs ()) jacobianEntry)
        | "div", None -> Some(total (fun i -> jacobianEntry i i))
        | "curl", None ->
            let j = Var("jacobian", typeof<float[,]>)
            let at (a: int) (b: int) = <@@ (%%(Expr.Var j): float[,]).[a, b] @@>
            let difference (a, b) (c, e) = <@@ (%%(at a b): float) - (%%(at c e): float) @@>
            Some(Expr.Let(j, matrix (outputs ()) jacobianEntry, Expr.NewArray(typeof<float>, [ difference (2, 1) (1, 2); difference (0, 2) (2, 0); difference (1, 0) (0, 1) ])))
        | "hessianv", Some _ -> Some(vector size (fun i -> d (fun s -> d (fun t -> at (scalar ()) [ t, Choice2Of2(direction ()); s, Choice1Of2 i ]))))
        | "jacobianv", Some _ -> Some(vector (outputs ()) (fun i -> d (fun t -> item (at (field ()) [ t, Choice2Of2(direction ()) ]) i)))
        | "jacobianTv", Some _ ->
            let along j = d (fun t -> <@@ Array.sum<float> (Array.map2 (fun (a: float) (b: float) -> a * b) (%%(direction ()): float[]) (%%(at (field ()) [ t, Choice1Of2 j ]): float[])) @@>)
            Some(vector size along)
        | _ -> None
    result |> Option.map (fun r -> Expr.Let(point, x, Expr.Let(n, <@@ (%%p: float[]).Length @@>, r)))

let private isApi (mi: Reflection.MethodInfo) = mi.DeclaringType.FullName = "ExprGrad.FSharp.Differentiation"

/// Every `diff f x`, `diff2 f x`, `diffn n f x` and `grad f x` (f of a float) in the quotation as a marker call,
/// and the vector operations as loops over such calls.
let rec rewrite (e: Expr) : Expr =
    let applied (f: Expr) =
        match f with
        | Call(None, mi, args) -> orderOf mi args |> Option.map (fun n -> n, List.last args)
        | _ -> None
    // The API functions take the function (and the order) and return a function of the point, so a use is
    // quoted as an application of that call to the point.
    match e with
    // ∇f(x)·v = d/dt f(x + t·v) at t = 0, for f of a float[]: one more nested float derivative.
    | Application(Application(Call(None, mi, [ f ]), x), v) when mi.Name = "gradv" && mi.DeclaringType.FullName = "ExprGrad.FSharp.Differentiation" ->
        match rewrite (quoted f) with
        | Lambda(w, body) when w.Type = typeof<float[]> && body.Type = typeof<float> ->
            let t = Var("t", typeof<float>)
            let moved = Expr.Call(opsAdd, [ rewrite x; Expr.Call(opsScale, [ Expr.Var t; rewrite v ]) ])
            derivative 1 (Expr.Lambda(t, Expr.Let(w, moved, body))) (Expr.Value 0.0)
        | other -> raise (Construct.unsupported "a nested 'gradv' of a quotation that is not 'fun (w: float[]) -> …'" other "differentiate a float function of one float[]")
    | Application(Application(Call(None, mi, [ f ]), x), v) when isApi mi && List.contains mi.Name [ "hessianv"; "jacobianv"; "jacobianTv" ] ->
        rewrite (vectorOperation mi.Name (rewrite (quoted f)) (rewrite x) (Some(rewrite v))).Value
    | Application(Call(None, mi, [ f ]), x) when isApi mi && List.contains mi.Name [ "hessian"; "gradhessian"; "laplacian"; "jacobian"; "div"; "curl" ] ->
        rewrite (vectorOperation mi.Name (rewrite (quoted f)) (rewrite x) None).Value
    | Application(f, at) when (applied f).IsSome ->
        let n, inner = (applied f).Value
        derivative n (rewrite (quoted inner)) (rewrite at)
    | ExprShape.ShapeVar _ -> e
    | ExprShape.ShapeLambda(v, body) -> Expr.Lambda(v, rewrite body)
    | ExprShape.ShapeCombination(shape, args) -> ExprShape.RebuildShapeCombination(shape, List.map rewrite args)

type private Restore() =
    inherit ExpressionVisitor()
    override this.VisitMethodCall(node: MethodCallExpression) : Expression =
        if node.Method = markerMethod then
            match this.Visit node.Arguments[0] with
            | :? LambdaExpression as f ->
                let typed = Expression.Lambda<Func<float, float>>(f.Body, f.Parameters)
                Expression.Call(opsDerivative, Expression.Quote typed, this.Visit node.Arguments[1]) :> Expression
            // A variable standing for a lambda translated apart (one with a loop): restored once it is in place.
            | :? ParameterExpression as f -> node.Update(null, [ f :> Expression; this.Visit node.Arguments[1] ]) :> Expression
            | other -> invalidOp $"Unexpected converter output for a nested derivative: {other}"
        else base.VisitMethodCall node

/// The converter's output with every marker call replaced by Ops.Derivative over the quoted lambda.
let restore (e: Expression) : Expression = Restore().Visit e
