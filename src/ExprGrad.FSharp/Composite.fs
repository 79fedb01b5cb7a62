/// Tuples, records, options and unions alike: values made of a fixed list of components, which the front
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

/// Whether the type is an option, split into a flag (`Some`) and a payload (its value where the flag holds).
let isOption (t: Type) = t.IsGenericType && t.GetGenericTypeDefinition() = typedefof<option<int>>

/// The cases of a union with several (not option, not list), none holding a value of the union itself: split into
/// its tag and the fields of every case (those of the other cases hold zeros, never read).
let severalCases (t: Type) : UnionCaseInfo[] option =
    if FSharpType.IsUnion(t, true) && not (isOption t) && not (t.IsGenericType && t.GetGenericTypeDefinition() = typedefof<list<int>>) then
        let cases = FSharpType.GetUnionCases(t, true)
        if cases.Length > 1 && cases |> Array.forall (fun c -> c.GetFields() |> Array.forall (fun f -> f.PropertyType <> t)) then Some cases
        else None
    else None

/// Whether values of the type are split into their components.
let isComposite (t: Type) =
    FSharpType.IsTuple t || FSharpType.IsRecord(t, true) || (singleCase t).IsSome || isOption t || (severalCases t).IsSome

let private caseFields (cases: UnionCaseInfo[]) = cases |> Array.collect (fun c -> c.GetFields() |> Array.map (fun f -> c, f))

let private optionCase (t: Type) (name: string) = FSharpType.GetUnionCases t |> Array.find (fun c -> c.Name = name)

/// The properties that read the components, in the order the value is made from them.
let private fields (t: Type) : Reflection.PropertyInfo[] =
    if FSharpType.IsRecord(t, true) then FSharpType.GetRecordFields(t, true)
    else match singleCase t with Some case -> case.GetFields() | None -> [||]

/// The components' types.
let memberTypes (t: Type) : Type[] =
    if FSharpType.IsTuple t then FSharpType.GetTupleElements t
    elif isOption t then [| typeof<bool>; t.GetGenericArguments()[0] |]
    else
        match severalCases t with
        | Some cases -> Array.append [| typeof<int> |] (caseFields cases |> Array.map (fun (_, f) -> f.PropertyType))
        | None -> fields t |> Array.map (fun p -> p.PropertyType)

let private tagOf (whole: Expr) = Expr.PropertyGet(whole, whole.Type.GetProperty "Tag")

/// The value made from its components.
let make (t: Type) (items: Expr list) : Expr =
    if FSharpType.IsTuple t then Expr.NewTuple items
    elif FSharpType.IsRecord(t, true) then Expr.NewRecord(t, items)
    elif isOption t then Expr.IfThenElse(items[0], Expr.NewUnionCase(optionCase t "Some", [ items[1] ]), Expr.NewUnionCase(optionCase t "None", []))
    elif (severalCases t).IsSome then
        let cases = (severalCases t).Value
        let all = caseFields cases
        let made (c: UnionCaseInfo) = Expr.NewUnionCase(c, [ for k in 0 .. all.Length - 1 do if (fst all[k]).Tag = c.Tag then yield items[k + 1] ])
        Array.foldBack (fun (c: UnionCaseInfo) rest -> Expr.IfThenElse(<@@ (%%items[0]: int) = c.Tag @@>, made c, rest)) cases[.. cases.Length - 2] (made cases[cases.Length - 1])
    else Expr.NewUnionCase((singleCase t).Value, items)

/// Component k of a value.
let item (whole: Expr) (k: int) : Expr =
    if FSharpType.IsTuple whole.Type then Expr.TupleGet(whole, k)
    elif isOption whole.Type then
        if k = 0 then Expr.UnionCaseTest(whole, optionCase whole.Type "Some") else Expr.PropertyGet(whole, whole.Type.GetProperty "Value")
    elif (severalCases whole.Type).IsSome then
        if k = 0 then tagOf whole
        else
            let c, f = (caseFields (severalCases whole.Type).Value)[k - 1]
            Expr.IfThenElse(<@@ (%%(tagOf whole): int) = c.Tag @@>, Expr.PropertyGet(whole, f), Expr.DefaultValue f.PropertyType)
    else Expr.PropertyGet(whole, (fields whole.Type)[k])

/// The index of the component a property reads; None for a property that is not one (a member the type defines).
let fieldIndex (t: Type) (p: Reflection.PropertyInfo) : int option =
    if isOption t then (if p.Name = "Value" then Some 1 else None)
    elif (severalCases t).IsSome then
        if p.Name = "Tag" then Some 0
        else caseFields (severalCases t).Value |> Array.tryFindIndex (fun (_, f) -> f.Name = p.Name && f.DeclaringType = p.DeclaringType) |> Option.map ((+) 1)
    else fields t |> Array.tryFindIndex (fun f -> f.Name = p.Name && f.DeclaringType = p.DeclaringType)

/// An option made in place, as its flag and payload: `Some x` is (true, x), `None` (false, a zero never read).
let optionParts (e: Expr) : Expr list option =
    match e with
    | Patterns.NewUnionCase(case, [ x ]) when isOption case.DeclaringType && case.Name = "Some" -> Some [ Expr.Value true; x ]
    | Patterns.NewUnionCase(case, []) when isOption case.DeclaringType && case.Name = "None" ->
        Some [ Expr.Value false; Expr.DefaultValue(case.DeclaringType.GetGenericArguments()[0]) ]
    | _ -> None

/// A value of a union with several cases made in place, as its tag and every case's fields (zeros but its own).
let unionParts (e: Expr) : Expr list option =
    match e with
    | Patterns.NewUnionCase(case, items) when (severalCases case.DeclaringType).IsSome ->
        let all = caseFields (severalCases case.DeclaringType).Value
        let mutable next = 0
        let fieldsOf =
            [ for c, f in all ->
                if c.Tag = case.Tag then (let x = items[next] in next <- next + 1; x) else Expr.DefaultValue f.PropertyType ]
        Some(Expr.Value case.Tag :: fieldsOf)
    | _ -> None
