/// Tuples, records and single-case unions alike: values made of a fixed list of components, which the front
/// takes apart wherever one is bound (no variable of the core holds one). One description serves splitting,
/// fold states and mutables.
module internal ExprGrad.FSharp.Composite

open System
open Microsoft.FSharp.Quotations
open Microsoft.FSharp.Reflection

/// The one case of a union with a single case (`type Meters = Meters of float`).
let singleCase (t: Type) : UnionCaseInfo option =
    if FSharpType.IsUnion(t, true) && not (t.IsGenericType && t.GetGenericTypeDefinition() = typedefof<list<int>>) then
        match FSharpType.GetUnionCases(t, true) with
        | [| case |] -> Some case
        | _ -> None
    else None

/// Whether values of the type are split into their components.
let isComposite (t: Type) = FSharpType.IsTuple t || FSharpType.IsRecord(t, true) || (singleCase t).IsSome

/// The properties that read the components, in the order the value is made from them.
let private fields (t: Type) : Reflection.PropertyInfo[] =
    if FSharpType.IsRecord(t, true) then FSharpType.GetRecordFields(t, true)
    else match singleCase t with Some case -> case.GetFields() | None -> [||]

/// The components' types.
let memberTypes (t: Type) : Type[] =
    if FSharpType.IsTuple t then FSharpType.GetTupleElements t else fields t |> Array.map (fun p -> p.PropertyType)

/// The value made from its components.
let make (t: Type) (items: Expr list) : Expr =
    if FSharpType.IsTuple t then Expr.NewTuple items
    elif FSharpType.IsRecord(t, true) then Expr.NewRecord(t, items)
    else Expr.NewUnionCase((singleCase t).Value, items)

/// Component k of a value.
let item (whole: Expr) (k: int) : Expr =
    if FSharpType.IsTuple whole.Type then Expr.TupleGet(whole, k) else Expr.PropertyGet(whole, (fields whole.Type)[k])

/// The index of the component a property reads; None for a property that is not one (a member the type defines).
let fieldIndex (t: Type) (p: Reflection.PropertyInfo) : int option =
    fields t |> Array.tryFindIndex (fun f -> f.Name = p.Name && f.DeclaringType = p.DeclaringType)
