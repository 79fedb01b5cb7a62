/// Names the quotation constructs the F# layer cannot translate, so an error says what to change.
module internal ExprGrad.FSharp.Construct

open System
open Microsoft.FSharp.Quotations
open Microsoft.FSharp.Quotations.Patterns

/// The construct's name and the fix, for the constructs neither the translation (FSharp.Core's LINQ
/// converter for pure pieces, Statements for loops and mutables) nor the core can handle. Data types
/// other than tensors have no adjoint; control flow other than if, for and while has no tape form.
let describe (e: Expr) : (string * string) option =
    match e with
    | LetRecursive _ -> Some("a 'let rec' function", "express the recursion with Ops.Scan")
    | TryFinally _ -> Some("a 'try … finally'", "remove it")
    | NewUnionCase(case, _) when case.DeclaringType.IsGenericType && case.DeclaringType.GetGenericTypeDefinition() = typedefof<list<int>> ->
        Some("an F# list", $"use an array [| … |] and the functions ExprGrad.FSharp lowers ({FSharpErrors.lowered})")
    | NewUnionCase(case, _) when case.DeclaringType.IsGenericType && case.DeclaringType.GetGenericTypeDefinition() = typedefof<option<int>> ->
        Some($"an option value ('{case.Name}') kept whole (passed to a method, or in an array)", "take it apart where it is made: match … with Some v -> … | None -> …, o.IsSome and o.Value, or Option.defaultValue")
    | NewUnionCase(case, _) -> Some($"a union value ('{case.Name}') kept whole (passed to a method, in an array, or of a recursive union)", "take it apart where it is made: match … with …; a union whose cases hold values of the union itself has no fixed set of components")
    | UnionCaseTest(_, case) -> Some($"a pattern match on a union ('{case.Name}')", "use 'if … then … else'")
    | NewRecord(t, _) -> Some($"a record construction ('{t.Name}')", "use float, float[] or float[,] values")
    | FieldSet _ | PropertySet _ -> Some("a field or property assignment", "bind a new value with 'let' instead")
    | QuoteTyped _ | QuoteRaw _ -> Some("a nested quotation", "apply diff, grad, hessian, jacobian or another derivative to it in place, as diff <@ fun y -> … @> x, or remove the inner <@ … @>")
    | AddressOf _ | AddressSet _ -> Some("a byref ('&x')", "pass the value itself")
    | TypeTest _ -> Some("a type test (':?')", "the input types are fixed; remove the test")
    | Call(None, mi, _) when mi.DeclaringType.FullName = "ExprGrad.FSharp.Differentiation" || mi.DeclaringType.FullName = "ExprGrad.FSharp.Gradients" ->
        Some($"a nested '{mi.Name}'", "gradcheck, grad of a non-float function and valueAndGrad do not nest inside a quotation (a report or a tuple is no differentiable value); compute them outside it")
    | PropertyGet(Some instance, p, []) when (Microsoft.FSharp.Reflection.FSharpType.IsRecord(instance.Type, System.Reflection.BindingFlags.Public ||| System.Reflection.BindingFlags.NonPublic) || Microsoft.FSharp.Reflection.FSharpType.IsUnion(instance.Type, System.Reflection.BindingFlags.Public ||| System.Reflection.BindingFlags.NonPublic))
                                            && instance.Type.Assembly <> typeof<list<int>>.Assembly && (Composite.fieldIndex instance.Type p).IsNone ->
        Some($"the member '{p.Name}' of {instance.Type.Name}, compiled code with no tree", $"mark the type {instance.Type.Name} [<ReflectedDefinition>] so its members are inlined, or write the computation out from its fields")
    | Application(PropertyGet(None, p, []), _) ->
        Some($"the captured function value '{p.Name}'", "define it with 'let' inside the quotation or as a [<ReflectedDefinition>] function")
    | _ -> None

/// The exception every untranslatable quotation raises: never a NullReferenceException or a converter error.
let unsupported (construct: string) (e: Expr) (fix: string) : exn =
    NotSupportedException($"ExprGrad.FSharp cannot translate {construct} in a quotation: {QuotationText.show e}. Fix: {fix}.") :> exn

/// Fails on the first construct `describe` knows to be untranslatable, anywhere in the quotation.
let rec check (e: Expr) : unit =
    match describe e with
    | Some(construct, fix) -> raise (unsupported construct e fix)
    | None ->
        match e with
        | ExprShape.ShapeVar _ -> ()
        | ExprShape.ShapeLambda(_, body) -> check body
        | ExprShape.ShapeCombination(_, args) -> List.iter check args
