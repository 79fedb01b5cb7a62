/// Writes into arrays the quotation did not make (an input, a captured array) and second names for arrays. The
/// core's arrays are values: a write makes a new version of the array under the name written through, so the
/// caller's array is never changed and the gradient is taken w.r.t. the values on entry. That is F#'s meaning
/// exactly when no other name still refers to the array written: a non-mutable second name (`let b = a`, an
/// inner function's parameter) is replaced by the first, a captured array is bound to a name once at entry,
/// and any other sharing of an array that is written is rejected by Statements (`sharedWith`).
module internal ExprGrad.FSharp.ArrayState

open System.Collections.Generic
open Microsoft.FSharp.Quotations
open Microsoft.FSharp.Quotations.Patterns

/// `a.[i] <- v` and `m.[i, j] <- v`: the array, the indices and the value.
let (|ArraySet|_|) (e: Expr) =
    match e with
    | Call(None, mi, array :: rest) when mi.DeclaringType.Name = "IntrinsicFunctions" && (mi.Name = "SetArray" || mi.Name = "SetArray2D") ->
        Some(array, List.take (rest.Length - 1) rest, List.last rest)
    | _ -> None

/// An array the quotation captured (a closure value, a module-level value): the object or member that names it,
/// so two reads of the same array are recognized as one.
let private (|CapturedArray|_|) (e: Expr) : obj option =
    match e with
    | Value(o, t) when t.IsArray && not (isNull o) -> Some o
    | PropertyGet(None, p, []) when p.PropertyType.IsArray -> Some(box p)
    | FieldGet(None, f) when f.FieldType.IsArray -> Some(box f)
    | _ -> None

/// The vars written through `v.[…] <- …` anywhere in the expression.
let rec private writtenVars (e: Expr) : Var list =
    match e with
    | ArraySet(Var v, indices, value) -> v :: List.collect writtenVars (indices @ [ value ])
    | ExprShape.ShapeVar _ -> []
    | ExprShape.ShapeLambda(_, b) -> writtenVars b
    | ExprShape.ShapeCombination(_, args) -> List.collect writtenVars args

/// Arrays written through some name, following non-mutable second names (`let b = a` then `b.[0] <- …` writes a).
let written (e: Expr) : HashSet<Var> =
    let set = HashSet<Var>(writtenVars e, HashIdentity.Reference)
    // An inner function writing into its parameter writes every array it is applied to (Statements inlines it).
    let rec parameters (x: Expr) = match x with Lambda(p, body) -> p :: parameters body | _ -> []
    let rec arguments (f: Var) (x: Expr) : Var list =
        match x with
        | Application(fn, Var a) when a.Type.IsArray && (let rec root y = match y with Application(g, _) -> root g | Var g -> g = f | _ -> false in root fn) ->
            a :: arguments f fn
        | ExprShape.ShapeVar _ -> []
        | ExprShape.ShapeLambda(_, body) -> arguments f body
        | ExprShape.ShapeCombination(_, args) -> List.collect (arguments f) args
    let rec aliases (x: Expr) : (Var * Var) list =
        match x with
        | Let(b, Var a, rest) when b.Type.IsArray -> (b, a) :: aliases rest
        | Let(f, (Lambda _ as definition), rest) when parameters definition |> List.exists set.Contains ->
            [ for a in arguments f rest -> (f, a) ] @ aliases definition @ aliases rest
        | ExprShape.ShapeVar _ -> []
        | ExprShape.ShapeLambda(_, body) -> aliases body
        | ExprShape.ShapeCombination(_, args) -> List.collect aliases args
    let pairs = aliases e
    // A writing function stands for its parameters: each array it is applied to is written.
    for b, _ in pairs do
        if not b.Type.IsArray then set.Add b |> ignore
    let mutable grew = true
    while grew do
        grew <- false
        for b, a in pairs do
            if set.Contains b && set.Add a then grew <- true
    set

/// The arrays a value may be one of (not a copy): the variables it ends in, through `if`, `let` and `;`.
let rec sharedWith (e: Expr) : Var list =
    match e with
    | Var v when v.Type.IsArray -> [ v ]
    | IfThenElse(_, a, b) -> sharedWith a @ sharedWith b
    | Sequential(_, rest) -> sharedWith rest
    | Let(u, value, rest) ->
        let r = sharedWith rest
        if List.contains u r then List.filter ((<>) u) r @ sharedWith value else r
    | Coerce(x, _) -> sharedWith x
    | Call(None, mi, [ x ]) when mi.Name = "Identity" && mi.DeclaringType.Name = "Operators" -> sharedWith x
    | _ -> []

/// Each captured array that is written (or bound to a name that is) becomes a variable bound at entry, read
/// where the array was: the function reads the captured array once per call and writes only its own copy.
/// Then every non-mutable second name of a non-mutable array is replaced by the first.
let prepare (body: Expr) : Expr =
    let targets = written body
    let hoisted = List<obj * Var * Expr>()
    let hoist (key: obj) (leaf: Expr) =
        if not (hoisted.Exists(fun (k, _, _) -> k.Equals key)) then
            let name = match leaf with PropertyGet(_, p, _) -> p.Name | FieldGet(_, f) -> f.Name | ValueWithName(_, _, n) -> n | _ -> "captured"
            hoisted.Add((key, Var(name, leaf.Type), leaf))
    let rec find (e: Expr) =
        match e with
        | ArraySet(CapturedArray key as leaf, _, _) -> hoist key leaf
        | Let(b, (CapturedArray key as leaf), _) when targets.Contains b -> hoist key leaf
        | _ -> ()
        match e with
        | ExprShape.ShapeVar _ -> ()
        | ExprShape.ShapeLambda(_, b) -> find b
        | ExprShape.ShapeCombination(_, args) -> List.iter find args
    find body
    let rec rewrite (e: Expr) : Expr =
        match e with
        | CapturedArray key when hoisted.Exists(fun (k, _, _) -> k.Equals key) ->
            let _, v, _ = hoisted.Find(fun (k, _, _) -> k.Equals key)
            Expr.Var v
        | Let(b, Var a, rest) when b.Type.IsArray && not b.IsMutable && not a.IsMutable ->
            rewrite (rest.Substitute(fun u -> if u = b then Some(Expr.Var a) else None))
        | ExprShape.ShapeVar _ -> e
        | ExprShape.ShapeLambda(v, b) -> Expr.Lambda(v, rewrite b)
        | ExprShape.ShapeCombination(shape, args) -> ExprShape.RebuildShapeCombination(shape, List.map rewrite args)
    if hoisted.Count = 0 && targets.Count = 0 then body
    else Seq.foldBack (fun (_, v, leaf) rest -> Expr.Let(v, leaf, rest)) hoisted (rewrite body)
