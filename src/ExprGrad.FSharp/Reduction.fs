/// Brings idiomatic F# to the shapes Collections and Statements read: `x |> f` and `f <| x` as applications,
/// let-bound functions applied where they are used, and tuples split into their components wherever a tuple
/// is bound (`let a, b = …`, `let mutable p = (a, b)`, a tuple returned from an inner function or a lambda, a
/// fold's tuple state), so a tuple never has to live in a variable; records made inside the quotation are split
/// the same way, field by field (`let r = { A = …; B = … }`, `let mutable r = …`, `r <- { r with A = … }`). Every step keeps F#'s order of evaluation: quotation variables are
/// unique objects, so moving a binding outward cannot capture another.
module internal ExprGrad.FSharp.Reduction

open Microsoft.FSharp.Quotations
open Microsoft.FSharp.Quotations.Patterns

let private isPipe (mi: System.Reflection.MethodInfo) name = mi.DeclaringType.Name = "Operators" && mi.Name = name

let rec private isFunction (e: Expr) =
    match e with
    | Lambda _ -> true
    | Let(_, _, body) -> isFunction body
    | _ -> false

let rec private uses (v: Var) (e: Expr) : int =
    match e with
    | ExprShape.ShapeVar u -> if u = v then 1 else 0
    | ExprShape.ShapeLambda(_, body) -> uses v body
    | ExprShape.ShapeCombination(_, args) -> List.sumBy (uses v) args

/// A read of a component of a record or single-case union: the value and the component's index.
let private (|FieldRead|_|) (e: Expr) =
    match e with
    | PropertyGet(Some whole, p, []) -> Composite.fieldIndex whole.Type p |> Option.map (fun k -> whole, k)
    | _ -> None

/// A tuple, record or single-case union value made in the quotation, as the list of its components.
let private (|RecordOrTuple|_|) (e: Expr) =
    match e with
    | NewTuple items -> Some items
    | NewRecord(_, items) -> Some items
    | NewUnionCase(case, items) when (Composite.singleCase case.DeclaringType).IsSome -> Some items
    | _ -> match Composite.optionParts e with Some parts -> Some parts | None -> Composite.unionParts e

/// `let v = (e1, …, en) in body` or `let v = { F1 = e1; … } in body`: each component bound to its own variable,
/// the reads of v's items or fields replaced.
let private split (v: Var) (items: Expr list) (body: Expr) : Expr =
    let parts = items |> List.mapi (fun k item -> Var($"{v.Name}{k + 1}", item.Type))
    let rebuild () = Composite.make v.Type (List.map Expr.Var parts)
    let rec replace e =
        match e with
        | TupleGet(Var u, k) when u = v -> Expr.Var parts[k]
        | FieldRead(Var u, k) when u = v -> Expr.Var parts[k]
        // A single-case union's only case always matches (`let (Meters m) = …`, `match … with Meters m -> …`).
        | Call(None, mi, [ Var u ]) when u = v && (mi.Name = "get_IsSome" || mi.Name = "IsSome") && Composite.isOption v.Type -> Expr.Var parts[0]
        | Call(None, mi, [ Var u ]) when u = v && (mi.Name = "get_IsNone" || mi.Name = "IsNone") && Composite.isOption v.Type -> <@@ not (%%(Expr.Var parts[0]): bool) @@>
        | UnionCaseTest(Var u, case) when u = v ->
            if (Composite.severalCases v.Type).IsSome then <@@ (%%(Expr.Var parts[0]): int) = case.Tag @@>
            elif not (Composite.isOption v.Type) then Expr.Value true
            elif case.Name = "Some" then Expr.Var parts[0]
            else <@@ not (%%(Expr.Var parts[0]): bool) @@>
        | Call(None, mi, [ Var u ]) when u = v && mi.DeclaringType.Name = "Operators" && mi.Name = "Fst" -> Expr.Var parts[0]
        | Call(None, mi, [ Var u ]) when u = v && mi.DeclaringType.Name = "Operators" && mi.Name = "Snd" -> Expr.Var parts[1]
        // Read whole (assigned to a mutable tuple, passed on): the value made again from its parts where it is read,
        // so no variable holds it (a `let v` of the parts would be split again, endlessly).
        | Var u when u = v -> rebuild ()
        | ExprShape.ShapeVar _ -> e
        | ExprShape.ShapeLambda(x, b) -> Expr.Lambda(x, replace b)
        | ExprShape.ShapeCombination(shape, args) -> ExprShape.RebuildShapeCombination(shape, List.map replace args)
    let body = replace body
    List.foldBack2 (fun part item rest -> Expr.Let(part, item, rest)) parts items body

/// Whether a let of this value may be replaced by the value where the variable is read: functions (they are
/// applied there), and the collections Collections reads lazily.
/// A collection is read where it is used, so it must read nothing that can change in between: no mutable, no
/// array the body writes into.
let private substitutable (v: Var) (value: Expr) (body: Expr) (isCollection: Expr -> bool) =
    let rec written (e: Expr) =
        match e with
        | Call(None, mi, Var a :: _) when mi.Name = "SetArray" || mi.Name = "SetArray2D" -> Set.singleton a.Name
        | ExprShape.ShapeVar _ -> Set.empty
        | ExprShape.ShapeLambda(_, b) -> written b
        | ExprShape.ShapeCombination(_, args) -> args |> List.map written |> Set.unionMany
    let stable () =
        let targets = written body
        value.GetFreeVars() |> Seq.forall (fun u -> not u.IsMutable && not (targets.Contains u.Name))
    // A lambda itself computes nothing until applied; lets around it (a partial application) run where it is
    // defined, so they move only when they read nothing that changes.
    not v.IsMutable
    && ((match value with Lambda _ -> true | _ -> isFunction value && stable ())
        || (isCollection value && (value.Type <> typeof<float[]> || uses v body <= 1) && stable ()))

let rec private assigns (e: Expr) =
    match e with
    | VarSet _ | WhileLoop _ | ForIntegerRangeLoop _ -> true
    | Call(None, mi, _) when mi.Name = "SetArray" || mi.Name = "SetArray2D" -> true
    | ExprShape.ShapeVar _ -> false
    | ExprShape.ShapeLambda(_, b) -> assigns b
    | ExprShape.ShapeCombination(_, args) -> List.exists assigns args

/// Item k of a tuple expression read in place: `fst (a, b)` is a, through the lets the tuple is made under;
/// None when dropping the other items would drop an assignment.
let rec private item (k: int) (tuple: Expr) : Expr option =
    match tuple with
    | RecordOrTuple items when not (items |> List.indexed |> List.exists (fun (i, x) -> i <> k && assigns x)) -> Some items[k]
    | Let(u, value, body) -> item k body |> Option.map (fun b -> Expr.Let(u, value, b))
    // Each branch's component k: the test read once per component, so only a test that assigns nothing.
    | IfThenElse(test, a, b) when not (assigns test) ->
        match item k a, item k b with
        | Some x, Some y -> Some(Expr.IfThenElse(test, x, y))
        | _ -> None
    | _ -> None

let private (|ItemRead|_|) (e: Expr) =
    match e with
    | TupleGet(tuple, k) -> Some(k, tuple)
    | Call(None, mi, [ tuple ]) when mi.DeclaringType.Name = "Operators" && mi.Name = "Fst" -> Some(0, tuple)
    | Call(None, mi, [ tuple ]) when mi.DeclaringType.Name = "Operators" && mi.Name = "Snd" -> Some(1, tuple)
    | FieldRead(record, k) -> Some(k, record)
    | UnionCaseTest(option, case) when Composite.isOption option.Type && case.Name = "Some" -> Some(0, option)
    // `o.IsSome`, `Option.isSome o`.
    | Call(None, mi, [ option ]) when Composite.isOption option.Type && (mi.Name = "get_IsSome" || mi.Name = "IsSome") -> Some(0, option)
    | _ -> None

/// `let mutable v = (e1, …, en)` (or a record): one mutable per component; `v <- e` assigns them all from e
/// (computed first), a read of v is the tuple (record) of their current values.
let private splitMutable (v: Var) (value: Expr) (body: Expr) : Expr =
    let parts = Composite.memberTypes v.Type |> Array.mapi (fun k t -> Var($"{v.Name}{k + 1}", t, true)) |> List.ofArray
    let current = Composite.make v.Type (parts |> List.map Expr.Var)
    let read = Composite.item
    let assignAll (tuple: Expr) =
        let next = Var("next", v.Type)
        let sets = parts |> List.mapi (fun k p -> Expr.VarSet(p, read (Expr.Var next) k))
        Expr.Let(next, tuple, List.reduceBack (fun a b -> Expr.Sequential(a, b)) sets)
    let rec replace e =
        match e with
        | VarSet(u, assigned) when u = v -> assignAll (replace assigned)
        | Var u when u = v -> current
        | ExprShape.ShapeVar _ -> e
        | ExprShape.ShapeLambda(x, b) -> Expr.Lambda(x, replace b)
        | ExprShape.ShapeCombination(shape, args) -> ExprShape.RebuildShapeCombination(shape, List.map replace args)
    let start = Var("initial", v.Type)
    Expr.Let(start, value, List.foldBack (fun (k, p) rest -> Expr.Let(p, read (Expr.Var start) k, rest)) (List.indexed parts) (replace body))

/// The quotation with pipes applied, let-bound functions and lazily read collections substituted, and tuples split.
let rec reduce (isCollection: Expr -> bool) (e: Expr) : Expr =
    let reduce' = reduce isCollection
    match e with
    | Call(None, mi, [ x; f ]) when isPipe mi "op_PipeRight" && isFunction f -> reduce' (Collections.apply f x)
    | Call(None, mi, [ f; x ]) when isPipe mi "op_PipeLeft" && isFunction f -> reduce' (Collections.apply f x)
    | Application(f, x) when isFunction f -> reduce' (Collections.apply f x)
    | Call(None, mi, args) when (Collections.pairOf mi args).IsSome -> reduce' (Collections.pairOf mi args).Value
    | Call(None, mi, args) when (Collections.optionOf mi args e.Type).IsSome -> reduce' (Collections.optionOf mi args e.Type).Value
    // `o.IsNone`, `Option.isNone o`, `Option.defaultValue d o`: in terms of the flag and the payload.
    | Call(None, mi, [ option ]) when Composite.isOption option.Type && (mi.Name = "get_IsNone" || mi.Name = "IsNone") ->
        reduce' <@@ not %%(Composite.item option 0) @@>
    | Call(None, mi, [ fallback; option ]) when Composite.isOption option.Type && mi.DeclaringType.Name = "OptionModule" && mi.Name = "DefaultValue" ->
        let o = Var("option", option.Type)
        reduce' (Expr.Let(o, option, Expr.IfThenElse(Composite.item (Expr.Var o) 0, Composite.item (Expr.Var o) 1, fallback)))
    | UnionCaseTest(union, case) when (Composite.severalCases union.Type).IsSome && (match union with Var _ -> false | _ -> true) ->
        reduce' <@@ (%%(Composite.item union 0): int) = case.Tag @@>
    | UnionCaseTest(option, case) when Composite.isOption option.Type && case.Name = "None" ->
        reduce' <@@ not %%(Expr.UnionCaseTest(option, Reflection.FSharpType.GetUnionCases(option.Type) |> Array.find (fun c -> c.Name = "Some"))) @@>
    | ItemRead(k, tuple) when (match tuple with Var _ -> false | _ -> true) ->
        let tuple = reduce' tuple
        match item k tuple with
        | Some read -> reduce' read
        | None -> ExprShape.RebuildShapeCombination((match e with ExprShape.ShapeCombination(shape, _) -> shape | _ -> failwith "unreachable"), [ tuple ])
    | Let(v, value, body) when v.IsMutable && Composite.isComposite v.Type -> reduce' (splitMutable v value body)
    // A second name for a tuple or record (an inner function's parameter bound to an input record): the value
    // itself, so an input record stays the core's parameter set and a local one is split where it is made.
    | Let(v, Var u, body) when not v.IsMutable && not u.IsMutable && Composite.isComposite v.Type ->
        reduce' (body.Substitute(fun x -> if x = v then Some(Expr.Var u) else None))
    | Let(v, value, body) when substitutable v value body isCollection ->
        reduce' (body.Substitute(fun u -> if u = v then Some value else None))
    | Let(v, value, body) ->
        let value = reduce' value
        match value with
        // Floated out, so the value that is left is a tuple to split or a collection to substitute.
        | Let(u, inner, rest) -> Expr.Let(u, inner, reduce' (Expr.Let(v, rest, body)))
        | Sequential(first, rest) -> Expr.Sequential(first, reduce' (Expr.Let(v, rest, body)))
        | RecordOrTuple items when not v.IsMutable -> reduce' (split v items body)
        // A tuple or record chosen by an `if` (`let r = if c then { … } else { … }`): split component by component.
        | IfThenElse _ when not v.IsMutable && Composite.isComposite v.Type
                            && List.forall (fun k -> (item k value).IsSome) [ 0 .. (Composite.memberTypes v.Type).Length - 1 ] ->
            reduce' (split v [ for k in 0 .. (Composite.memberTypes v.Type).Length - 1 -> (item k value).Value ] body)
        | _ -> Expr.Let(v, value, reduce' body)
    | ExprShape.ShapeVar _ -> e
    | ExprShape.ShapeLambda(v, body) -> Expr.Lambda(v, reduce' body)
    | ExprShape.ShapeCombination(shape, args) -> ExprShape.RebuildShapeCombination(shape, List.map reduce' args)
