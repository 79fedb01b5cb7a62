/// F#'s collection functions lowered onto what the core differentiates, before translation: a sum over a
/// collection becomes `Ops.Sum(count, j => element j)`, a fold `Ops.Scan(count, initial, step)[count]` (a loop
/// over mutables when its state is a tuple), a collection that is returned or passed on whole becomes a loop
/// writing a local array, a slice `Ops.Slice`. A collection is described by its length and its j-th element,
/// both as quotations, so `Array.map f x |> Array.sumBy g` reads `g (f x[j])` without building the middle
/// array, and nothing is unrolled: the length is read when the function is called.
module internal ExprGrad.FSharp.Collections

open System
open Microsoft.FSharp.Quotations
open Microsoft.FSharp.Quotations.Patterns
open Microsoft.FSharp.Quotations.DerivedPatterns
open ExprGrad

/// A collection as its length and its element at an index (an int quotation), read under `Bindings`: values
/// computed once before the collection is read (a sort's indices), bound by `within` around every reader.
type private Source = { Count: Expr; Element: Expr -> Expr; Bindings: (Var * Expr) list }

let private within (s: Source) (e: Expr) = List.foldBack (fun (v, value) body -> Expr.Let(v, value, body)) s.Bindings e

let private opsSum = typeof<Ops>.GetMethod("Sum", [| typeof<int>; typeof<Func<int, float>> |])
let private opsScan = typeof<Ops>.GetMethod("Scan", [| typeof<int>; typeof<float>; typeof<Func<float, int, float>> |])
let private opsSlice = typeof<Ops>.GetMethod("Slice", [| typeof<float[]>; typeof<int>; typeof<int> |])

let private int' (e: Expr) : Expr<int> = Expr.Cast<int> e
let private float' (e: Expr) : Expr<float> = Expr.Cast<float> e

/// f applied to an argument, reduced: a lambda (possibly under lets, as a curried tuple lambda is quoted)
/// becomes a let of its parameter, so the body is translated in place like an inlined function.
let rec apply (f: Expr) (argument: Expr) : Expr =
    match f with
    | Lambda(p, body) -> Expr.Let(p, argument, body)
    | Let(v, value, body) when (match body with Lambda _ | Let _ -> true | _ -> false) -> Expr.Let(v, value, apply body argument)
    | _ -> Expr.Application(f, argument)

let private module' (mi: Reflection.MethodInfo) = mi.DeclaringType.Name

let private isCollectionModule (mi: Reflection.MethodInfo) =
    module' mi = "ArrayModule" || module' mi = "SeqModule" || module' mi = "ListModule"

/// The items of a list literal `[a; b; c]`.
let rec private (|ListLiteral|_|) (e: Expr) : Expr list option =
    match e with
    | NewUnionCase(case, []) when case.Name = "Empty" -> Some []
    | NewUnionCase(case, [ head; ListLiteral tail ]) when case.Name = "Cons" -> Some(head :: tail)
    | _ -> None

/// `Ops.Scan(steps, initial, (state, t) => step state t)`: every state of a float recurrence, the initial one first.
let private scanStates (steps: Expr) (initial: Expr) (step: Expr -> Expr -> Expr) : Expr =
    let state, t = Var("state", typeof<float>), Var("t", typeof<int>)
    Expr.Call(opsScan, [ steps; initial; Expr.NewDelegate(typeof<Func<float, int, float>>, [ state; t ], step (Expr.Var state) (Expr.Var t)) ])

/// A chooser's result with each `Some v` replaced by `onSome v` and each `None` by `onNone`, through the ifs, lets
/// and sequences it is returned from: the verdict (onSome: 1, onNone: 0) and the payload (onSome: v) as floats.
let private optionTails (mi: Reflection.MethodInfo) (chooser: Expr) (result: Expr) (onSome: Expr -> Expr) (onNone: Expr) : Expr =
    let rec tails (e: Expr) =
        match e with
        | NewUnionCase(case, [ v ]) when case.Name = "Some" -> onSome v
        | NewUnionCase(case, []) when case.Name = "None" -> onNone
        | IfThenElse(test, a, b) -> Expr.IfThenElse(test, tails a, tails b)
        | Let(v, value, body) -> Expr.Let(v, value, tails body)
        | Sequential(first, rest) -> Expr.Sequential(first, tails rest)
        | _ ->
            let owner = mi.DeclaringType.Name.Replace("Module", "")
            raise (Construct.unsupported $"a chooser of '{owner}.{Char.ToLowerInvariant mi.Name[0]}{mi.Name.Substring 1}' whose result is not written as 'Some …' or 'None'" chooser
                       "return 'Some value' or 'None' from each branch of the chooser, as in (fun v -> if v > 0.0 then Some (v * v) else None)")
    tails result

/// A float collection as a local array: `let y = Array.zeroCreate n in for j in 0 .. n - 1 do y[j] <- element j`.
let private materialize (s: Source) : Expr =
    let y, j = Var("array", typeof<float[]>), Var("j", typeof<int>)
    let write = <@@ (%%(Expr.Var y): float[]).[%%(Expr.Var j)] <- %(float' (s.Element(Expr.Var j))) @@>
    within s (Expr.Let(y, <@@ Array.zeroCreate<float> %(int' s.Count) @@>,
        Expr.Sequential(Expr.ForIntegerRangeLoop(j, <@@ 0 @@>, <@@ %(int' s.Count) - 1 @@>, write), Expr.Var y)))

let rec private stripCoerce (e: Expr) = match e with Coerce(inner, _) -> stripCoerce inner | _ -> e

/// Whether a collection type holds floats (an array, a list or a sequence of them).
let private isFloats (t: Type) =
    t = typeof<float[]> || t = typeof<float list> || t = typeof<seq<float>>

/// Whether a key function (`sortBy`, `maxBy`) returns a float.
let private keyIsFloat (key: Expr) =
    let t = key.Type
    t.IsGenericType && t.GetGenericArguments().Length = 2 && t.GetGenericArguments()[1] = typeof<float>

/// The input made an array once (a variable is read as it is: a second name for a local array would hide its
/// writes), and the binding that makes it.
let private asArray (s: Source) (inner: Expr) =
    match stripCoerce inner with
    | Var v when v.Type = typeof<float[]> -> Expr.Var v, []
    | _ -> let v = Var("unsorted", typeof<float[]>) in Expr.Var v, [ v, materialize s ]

/// The keys `f x[j]` of an array as a local array.
let private keysOf (key: Expr) (x: Expr) : Expr =
    materialize { Count = <@@ (%%x: float[]).Length @@>; Element = (fun j -> apply key <@@ (%%x: float[]).[%(int' j)] @@>); Bindings = [] }

/// The input read through indices computed from it once (no gradient through them): y[j] = x[order[j]], as many
/// as there are indices (`shorter`: fewer than the input, as `distinct` keeps) or as the input.
let private throughIndices (indicesOf: Expr -> Expr) (shorter: bool) (inner: Expr) (s: Source) : Source =
    let order = Var("order", typeof<float[]>)
    let x, made = asArray s inner
    { Count = (if shorter then <@@ (%%(Expr.Var order): float[]).Length @@> else <@@ (%%x: float[]).Length @@>)
      Element = fun j -> <@@ (%%x: float[]).[int (%%(Expr.Var order): float[]).[%(int' j)]] @@>
      Bindings = made @ [ order, indicesOf x ] }

/// Two collections read side by side (`map2`, `zip`, `fold2`): as many elements as F#'s own `zip` of the module
/// pairs (Array and List throw at different lengths, Seq stops at the shorter); the elements are the caller's.
let private paired (mi: Reflection.MethodInfo) (sa: Source) (sb: Source) : Source =
    let n = Var("paired", typeof<int>)
    { Count = Expr.Var n; Element = sa.Element; Bindings = sa.Bindings @ sb.Bindings @ [ n, Regrouping.paired sa.Count sb.Count (module' mi) ] }

/// Rows written out (`[| a; b |]`): row j an `if` over them, so a reader pushed into the branches reads one row.
let private literalRows (items: Expr list) : Source =
    let rec pick (j: Expr) (k: int) (rest: Expr list) =
        match rest with
        | [ last ] -> last
        | item :: more -> Expr.IfThenElse(<@@ %(int' j) = k @@>, item, pick j (k + 1) more)
        | [] -> invalidOp "a literal has items"
    { Count = Expr.Value items.Length; Element = (fun j -> pick j 0 items); Bindings = [] }

/// `transpose rows`: as many rows as F#'s own transpose counts (its check on the lengths), row j the collection
/// of every input row's element j, made by the module's `init` so its readers read it lazily.
let private transpose (mi: Reflection.MethodInfo) (rows: Source) : Source =
    let width = Var("width", typeof<float>)
    let lengths = materialize { Count = rows.Count; Element = (fun i -> <@@ float %(int' (Regrouping.lengthOf (rows.Element i))) @@>); Bindings = [] }
    { Count = <@@ int (%%(Expr.Var width): float) @@>
      Element = fun j -> Regrouping.initOf mi.DeclaringType typeof<float> rows.Count (fun i -> Regrouping.itemOf (rows.Element i) j)
      Bindings = rows.Bindings @ [ width, Regrouping.transposed lengths (module' mi) ] }

/// The rows one after another (`concat`, `collect`): element j is read from the row F#'s concatenation puts it in,
/// at its place there; the rows' lengths are read once, before.
let private concatenate (rows: Source) : Source =
    let lengths, owner, start = Var("lengths", typeof<float[]>), Var("owners", typeof<float[]>), Var("offsets", typeof<float[]>)
    let at (array: Var) (k: Expr) = <@@ int (%%(Expr.Var array): float[]).[%(int' k)] @@>
    { Count = <@@ (%%(Expr.Var owner): float[]).Length @@>
      Element = fun j ->
        let k = Var("row", typeof<int>)
        Expr.Let(k, at owner j, Regrouping.itemOf (rows.Element(Expr.Var k)) <@@ %(int' j) - %(int' (at start (Expr.Var k))) @@>)
      Bindings =
        rows.Bindings
        @ [ lengths, materialize { Count = rows.Count; Element = (fun i -> <@@ float %(int' (Regrouping.lengthOf (rows.Element i))) @@>); Bindings = [] }
            owner, Regrouping.owners (Expr.Var lengths)
            start, Regrouping.offsets (Expr.Var lengths) ] }

/// `groupBy key xs` (pairs of a key and its group) and `countBy key xs` (pairs of a key and a count), for int,
/// bool or float keys: the keys computed once, F#'s own groupBy of the indices by them; group g reads the input
/// at its members. A float key is read from where it was computed, so it carries the derivative of the key function.
let private groupBy (mi: Reflection.MethodInfo) (key: Expr) (s: Source) : Source option =
    let arguments = key.Type.GetGenericArguments()
    let elementType, keyType = arguments[0], arguments[1]
    let native = List.contains keyType Regrouping.keyTypes
    if not native && not (KeyedGroups.hasImage elementType) then
        let owner = mi.DeclaringType.Name.Replace("Module", "")
        raise (Construct.unsupported $"a grouping key of type {keyType.Name} over elements of type {elementType.Name} in '{owner}.{Char.ToLowerInvariant mi.Name[0]}{mi.Name.Substring 1}'" key
                   "group floats or the ints of an index range by a key of any type, or other elements by an int, bool or float key")
    else
        let keys, members, starts = Var("keys", typeof<float[]>), Var("members", typeof<float[]>), Var("starts", typeof<float[]>)
        let at (array: Var) (k: Expr) = <@@ (%%(Expr.Var array): float[]).[%(int' k)] @@>
        let start (g: Expr) = <@@ int %(float' (at starts g)) @@>
        let size (g: Expr) = <@@ int %(float' (at starts <@@ %(int' g) + 1 @@>)) - %(int' (start g)) @@>
        let member' (g: Expr) (i: Expr) = <@@ int %(float' (at members <@@ %(int' (start g)) + %(int' i) @@>)) @@>
        // A key of another type (a string, a tuple) is computed again from the group's first member: it has no gradient.
        let keyOf (g: Expr) = if native then Regrouping.floatToKey keyType (at keys (member' g <@@ 0 @@>)) else KeyedGroups.constantKey apply key (s.Element(member' g <@@ 0 @@>))
        let part (g: Expr) =
            if mi.Name = "CountBy" then size g
            else Regrouping.initOf mi.DeclaringType elementType (size g) (fun i -> s.Element(member' g i))
        let keyArray =
            if native then materialize { Count = s.Count; Element = (fun j -> Regrouping.keyToFloat (apply key (s.Element j))); Bindings = [] }
            else KeyedGroups.ids apply key elementType keyType (materialize { Count = s.Count; Element = (fun j -> KeyedGroups.image (s.Element j)); Bindings = [] })
        Some { Count = <@@ (%%(Expr.Var starts): float[]).Length - 1 @@>
               Element = fun g -> Expr.NewTuple [ keyOf g; part g ]
               Bindings = s.Bindings @ [ keys, keyArray; members, Regrouping.members (Expr.Var keys) (module' mi); starts, Regrouping.starts (Expr.Var keys) (module' mi) ] }

/// Every state of a fold whose state is a tuple or record of floats, the initial one first, as one float array of
/// (count + 1)·k entries (state t's component c at t·k + c): a loop over one mutable per component writes them.
let private scanComposite (count: Expr) (initial: Expr) (step: Expr -> Expr -> Expr) : Expr =
    let k = (Composite.memberTypes initial.Type).Length
    let states = List.init k (fun c -> Var($"state{c + 1}", typeof<float>, true))
    let all, next, j, start = Var("states", typeof<float[]>), Var("next", initial.Type), Var("j", typeof<int>), Var("initial", initial.Type)
    let current = Composite.make initial.Type (states |> List.map Expr.Var)
    let record (t: Expr) =
        states |> List.mapi (fun c v -> <@@ (%%(Expr.Var all): float[]).[%(int' t) * k + c] <- %%(Expr.Var v) @@>) |> List.reduceBack (fun a b -> Expr.Sequential(a, b))
    let updates = states |> List.mapi (fun c v -> Expr.VarSet(v, Composite.item (Expr.Var next) c)) |> List.reduceBack (fun a b -> Expr.Sequential(a, b))
    let loop = Expr.ForIntegerRangeLoop(j, <@@ 0 @@>, <@@ %(int' count) - 1 @@>, Expr.Let(next, step current (Expr.Var j), Expr.Sequential(updates, record <@@ %%(Expr.Var j) + 1 @@>)))
    Expr.Let(start, initial,
        List.foldBack (fun (c, v) rest -> Expr.Let(v, Composite.item (Expr.Var start) c, rest)) (List.indexed states)
            (Expr.Let(all, <@@ Array.zeroCreate<float> ((%(int' count) + 1) * k) @@>, Expr.Sequential(record <@@ 0 @@>, Expr.Sequential(loop, Expr.Var all)))))

/// `unfold generator initial` with a float state and float elements, at most `limit` of them: how many F#'s own
/// unfold makes is counted when the gradient runs (the generator's verdicts have no gradient); the states are
/// `Ops.Scan` of the generator's next state, element j the generator's value at state j.
let private unfolded (mi: Reflection.MethodInfo) (generator: Expr) (initial: Expr) (limit: Expr) : Source =
    let part (k: int) (state: Expr) = optionTails mi generator (apply generator state) (fun pair -> Expr.TupleGet(pair, k)) <@@ 0.0 @@>
    let lambda (body: Expr -> Expr) = let v = Var("state", typeof<float>) in Expr.Lambda(v, body (Expr.Var v))
    let verdict = lambda (fun state -> optionTails mi generator (apply generator state) (fun _ -> <@@ 1.0 @@>) <@@ 0.0 @@>)
    let n, start, states = Var("unfolded", typeof<int>), Var("initial", typeof<float>), Var("states", typeof<float[]>)
    { Count = Expr.Var n
      Element = fun j -> part 0 <@@ (%%(Expr.Var states): float[]).[%(int' j)] @@>
      Bindings = [ start, initial
                   n, Lookups.unfolded (Expr.Var start) verdict (lambda (part 1)) limit (module' mi)
                   states, scanStates (Expr.Var n) (Expr.Var start) (fun state _ -> part 1 state) ] }

/// The collection an expression describes, when it is one this module knows: an int range, an array
/// comprehension, or a map/init/zip/pairwise of one; a float[] value (`orArray`) stands for its elements.
let rec private source (orArray: bool) (e: Expr) : Source option =
    match stripCoerce e with
    | Call(None, mi, [ first; last ]) when mi.Name = "op_Range" && first.Type = typeof<int> ->
        Some { Count = <@@ %(int' last) - %(int' first) + 1 @@>; Element = (fun j -> <@@ %(int' first) + %(int' j) @@>); Bindings = [] }
    | Call(None, mi, [ first; last ]) when mi.Name = "op_Range" && first.Type = typeof<float> ->
        let bindings, count, element = FloatRange.describe first <@@ 1.0 @@> last
        Some { Count = count; Element = element; Bindings = bindings }
    | Call(None, mi, [ first; step; last ]) when mi.Name = "op_RangeStep" && first.Type = typeof<float> ->
        let bindings, count, element = FloatRange.describe first step last
        Some { Count = count; Element = element; Bindings = bindings }
    | ListLiteral items when e.Type = typeof<float list> ->
        let array = Expr.NewArray(typeof<float>, items)
        Some { Count = Expr.Value items.Length; Element = (fun j -> <@@ (%%array: float[]).[%(int' j)] @@>); Bindings = [] }
    | Call(None, mi, [ inner ]) when mi.Name = "CreateSequence" -> source orArray inner
    // A conversion between arrays, lists and sequences reads the same elements; the call itself must go.
    | Call(None, mi, [ inner ]) when List.contains mi.Name [ "ToArray"; "OfSeq"; "ToList"; "OfArray"; "OfList"; "ToSeq" ] ->
        source true inner
    | Call(None, mi, [ Lambda(_, inner) ]) when mi.Name = "Delay" -> source orArray inner
    | Call(None, mi, [ f; inner ]) when isCollectionModule mi && mi.Name = "Map" ->
        source true inner |> Option.map (fun s -> { s with Element = fun j -> apply f (s.Element j) })
    | Call(None, mi, [ f; inner ]) when isCollectionModule mi && mi.Name = "MapIndexed" ->
        source true inner |> Option.map (fun s -> { s with Element = fun j -> apply (apply f j) (s.Element j) })
    | Call(None, mi, [ f; a; b ]) when isCollectionModule mi && mi.Name = "Map2" ->
        match source true a, source true b with
        | Some sa, Some sb -> Some { paired mi sa sb with Element = fun j -> apply (apply f (sa.Element j)) (sb.Element j) }
        | _ -> None
    | Call(None, mi, [ f; a; b ]) when isCollectionModule mi && mi.Name = "MapIndexed2" ->
        match source true a, source true b with
        | Some sa, Some sb -> Some { paired mi sa sb with Element = fun j -> apply (apply (apply f j) (sa.Element j)) (sb.Element j) }
        | _ -> None
    | Call(None, mi, ([ _; a; b; c ] | [ a; b; c ] as args)) when isCollectionModule mi && (mi.Name = "Map3" || mi.Name = "Zip3") ->
        // Three side by side: the pairs of the first two, then those pairs with the third, so F#'s checks apply to each.
        match source true a, source true b, source true c with
        | Some sa, Some sb, Some sc when args.Length = 4 = (mi.Name = "Map3") ->
            let ab = paired mi sa sb
            let abc = paired mi { ab with Element = sa.Element } sc
            let element j = if mi.Name = "Map3" then apply (apply (apply args.Head (sa.Element j)) (sb.Element j)) (sc.Element j) else Expr.NewTuple [ sa.Element j; sb.Element j; sc.Element j ]
            Some { abc with Element = element }
        | _ -> None
    | Call(None, mi, [ count; f ]) when isCollectionModule mi && mi.Name = "Initialize" ->
        Some { Count = count; Element = (fun j -> apply f j); Bindings = [] }
    | Call(None, mi, [ a; b ]) when isCollectionModule mi && mi.Name = "Zip" ->
        match source true a, source true b with
        | Some sa, Some sb -> Some { paired mi sa sb with Element = fun j -> Expr.NewTuple [ sa.Element j; sb.Element j ] }
        | _ -> None
    | Call(None, mi, [ inner ]) when isCollectionModule mi && mi.Name = "Pairwise" ->
        source true inner
        |> Option.map (fun s ->
            { s with
                Count = <@@ %(int' s.Count) - 1 @@>
                Element = fun j -> Expr.NewTuple [ s.Element j; s.Element <@@ %(int' j) + 1 @@> ] })
    | Call(None, mi, [ inner ]) when isCollectionModule mi && mi.Name = "Reverse" ->
        source true inner |> Option.map (fun s -> { s with Element = fun j -> s.Element <@@ %(int' s.Count) - 1 - %(int' j) @@> })
    | Call(None, mi, [ inner ]) when isCollectionModule mi && (mi.Name = "Sort" || mi.Name = "SortDescending") && isFloats e.Type ->
        // Read through the indices that sort it, computed once from the whole input: y[j] = x[order[j]].
        source true inner |> Option.map (throughIndices (fun x -> SortPermutation.indices x (mi.Name = "SortDescending")) false inner)
    | Call(None, mi, [ key; inner ]) when isCollectionModule mi && (mi.Name = "SortBy" || mi.Name = "SortByDescending") && isFloats e.Type && keyIsFloat key ->
        // The keys are values of the program (computed with its other values), the order they give is not.
        source true inner |> Option.map (throughIndices (fun x -> SortPermutation.indicesBy (keysOf key x) (mi.Name = "SortByDescending") (module' mi)) false inner)
    | Call(None, mi, [ key; inner ]) when isCollectionModule mi && (mi.Name = "SortBy" || mi.Name = "SortByDescending") && isFloats e.Type ->
        // A key of another type (an int, a string, a tuple): F#'s own sortBy runs with the user's key over the indices.
        let keyType = key.Type.GetGenericArguments()[1]
        source true inner |> Option.map (throughIndices (fun x -> KeyedGroups.sortingBy apply key typeof<float> keyType x (mi.Name = "SortByDescending") (module' mi)) false inner)
    | Call(None, mi, [ inner ]) when isCollectionModule mi && mi.Name = "Distinct" && isFloats e.Type ->
        source true inner |> Option.map (throughIndices SortPermutation.distinct true inner)
    | Call(None, mi, [ predicate; inner ]) when isCollectionModule mi && (mi.Name = "Filter" || mi.Name = "Where") && isFloats e.Type ->
        // The kept indices come from the predicate's verdicts (a comparison carries no gradient); the kept values flow.
        let flags x = materialize { Count = <@@ (%%x: float[]).Length @@>; Element = (fun j -> <@@ if %%(apply predicate <@@ (%%x: float[]).[%(int' j)] @@>) then 1.0 else 0.0 @@>); Bindings = [] }
        source true inner |> Option.map (throughIndices (fun x -> SortPermutation.kept (flags x)) true inner)
    | Call(None, mi, [ excluded; inner ]) when isCollectionModule mi && mi.Name = "Except" && isFloats e.Type && isFloats excluded.Type ->
        // The excluded values only decide which elements stay; they get no gradient (equality has none).
        let excludedArray = match source true excluded with Some s -> materialize s | None -> excluded
        source true inner |> Option.map (throughIndices (fun x -> SortPermutation.except excludedArray x) true inner)
    | Call(None, mi, [ count; Call(None, u, [ f ]) ]) when module' mi = "SeqModule" && (mi.Name = "Take" || mi.Name = "Truncate") && u.Name = "InitializeInfinite" ->
        // An endless sequence bounded where it is made: that many elements (a negative take throws as F#'s).
        let n = Var("bound", typeof<int>)
        let counted = if mi.Name = "Take" then Regrouping.replicated count "SeqModule" else <@@ max 0 %(int' count) @@>
        Some { Count = Expr.Var n; Element = (fun j -> apply f j); Bindings = [ n, counted ] }
    | Call(None, mi, [ f ]) when module' mi = "SeqModule" && mi.Name = "InitializeInfinite" ->
        // Read at an index where it is bounded in place (above); its length only by a reader F# would never finish.
        Some { Count = Lookups.endless (); Element = (fun j -> apply f j); Bindings = [] }
    | Call(None, mi, [ count; Call(None, u, [ generator; initial ]) ])
        when module' mi = "SeqModule" && (mi.Name = "Take" || mi.Name = "Truncate") && module' u = "SeqModule" && u.Name = "Unfold" && initial.Type = typeof<float> ->
        // F#'s Seq.unfold is lazy: under take or truncate only that many states are computed, so an endless one ends.
        let n = Var("bound", typeof<int>)
        let s = unfolded u generator initial <@@ max 0 %%(Expr.Var n) @@>
        if mi.Name = "Truncate" then Some { s with Bindings = (n, count) :: s.Bindings }
        else
            let taken = Var("taken", typeof<float>)
            Some { s with Count = <@@ int (%%(Expr.Var taken): float) @@>; Bindings = (n, count) :: s.Bindings @ [ taken, SortPermutation.taken (Expr.Var n) s.Count "SeqModule" ] }
    | Call(None, mi, [ count; inner ]) when isCollectionModule mi && mi.Name = "Truncate" && isFloats e.Type ->
        source true inner |> Option.map (fun s -> { s with Count = <@@ max 0 (min %(int' count) %(int' s.Count)) @@> })
    | Call(None, mi, [ count; inner ]) when isCollectionModule mi && (mi.Name = "Skip" || mi.Name = "Take") ->
        // How many are dropped or kept is counted by F#'s own function, so its exceptions are F#'s.
        source true inner |> Option.map (fun s ->
            let n = Var((if mi.Name = "Skip" then "skipped" else "taken"), typeof<float>)
            let counted = (if mi.Name = "Skip" then SortPermutation.skipped else SortPermutation.taken) count s.Count (module' mi)
            let n' = <@@ int (%%(Expr.Var n): float) @@>
            if mi.Name = "Skip" then
                { Count = <@@ %(int' s.Count) - %(int' n') @@>; Element = (fun j -> s.Element <@@ %(int' j) + %(int' n') @@>); Bindings = s.Bindings @ [ n, counted ] }
            else { s with Count = n'; Bindings = s.Bindings @ [ n, counted ] })
    | Call(None, mi, [ predicate; inner ]) when isCollectionModule mi && (mi.Name = "SkipWhile" || mi.Name = "TakeWhile") ->
        // The leading run the predicate holds for is counted from its verdicts (no gradient through them).
        source true inner |> Option.map (fun s ->
            let n = Var("leading", typeof<float>)
            let flags = materialize { Count = s.Count; Element = (fun j -> <@@ if %%(apply predicate (s.Element j)) then 1.0 else 0.0 @@>); Bindings = [] }
            let n' = <@@ int (%%(Expr.Var n): float) @@>
            let bindings = s.Bindings @ [ n, SortPermutation.leading flags ]
            if mi.Name = "SkipWhile" then
                { Count = <@@ %(int' s.Count) - %(int' n') @@>; Element = (fun j -> s.Element <@@ %(int' j) + %(int' n') @@>); Bindings = bindings }
            else { s with Count = n'; Bindings = bindings })
    | Call(None, mi, [ chooser; inner ]) when isCollectionModule mi && mi.Name = "Choose" && isFloats e.Type ->
        // The chooser's verdict (Some or None) picks the indices, computed once like filter's; the payload of each
        // Some is the value, read again at the kept index, so it carries the gradient.
        source true inner |> Option.map (fun s ->
            let verdict item = optionTails mi chooser (apply chooser item) (fun _ -> <@@ 1.0 @@>) <@@ 0.0 @@>
            let payload item = optionTails mi chooser (apply chooser item) id <@@ 0.0 @@>
            let order = Var("chosen", typeof<float[]>)
            let flags = materialize { Count = s.Count; Element = (fun j -> verdict (s.Element j)); Bindings = [] }
            { Count = <@@ (%%(Expr.Var order): float[]).Length @@>
              Element = fun j -> payload (s.Element <@@ int (%%(Expr.Var order): float[]).[%(int' j)] @@>)
              Bindings = s.Bindings @ [ order, SortPermutation.kept flags ] })
    | Call(None, mi, [ f; initial; inner ]) when isCollectionModule mi && mi.Name = "Scan" && isFloats e.Type ->
        // F#'s scan is every state of the fold, the initial one first: Ops.Scan's states exactly.
        source true inner |> Option.map (fun s ->
            let states = Var("states", typeof<float[]>)
            { Count = <@@ %(int' s.Count) + 1 @@>
              Element = (fun j -> <@@ (%%(Expr.Var states): float[]).[%(int' j)] @@>)
              Bindings = s.Bindings @ [ states, scanStates s.Count initial (fun state t -> apply (apply f state) (s.Element t)) ] })
    | Call(None, mi, [ f; a; b ]) when isCollectionModule mi && (mi.Name = "Scan" || mi.Name = "ScanBack") && Composite.isComposite (mi.GetGenericArguments()[1])
                                       && Composite.memberTypes (mi.GetGenericArguments()[1]) |> Array.forall ((=) typeof<float>) ->
        // A tuple or record state: every state stored component by component, read back as the tuple or record.
        let initial, inner = if mi.Name = "Scan" then a, b else b, a
        source true inner |> Option.map (fun s ->
            let all = Var("states", typeof<float[]>)
            let k = (Composite.memberTypes initial.Type).Length
            let back (t: Expr) = <@@ %(int' s.Count) - 1 - %(int' t) @@>
            let step state t = if mi.Name = "Scan" then apply (apply f state) (s.Element t) else apply (apply f (s.Element(back t))) state
            let at (t: Expr) = Composite.make initial.Type [ for c in 0 .. k - 1 -> <@@ (%%(Expr.Var all): float[]).[%(int' t) * k + c] @@> ]
            { Count = <@@ %(int' s.Count) + 1 @@>
              Element = (fun j -> if mi.Name = "Scan" then at j else at <@@ %(int' s.Count) - %(int' j) @@>)
              Bindings = s.Bindings @ [ all, scanComposite s.Count initial step ] })
    | Call(None, mi, [ f; inner; initial ]) when isCollectionModule mi && mi.Name = "ScanBack" && isFloats e.Type ->
        // The states from the right, the initial one last: Ops.Scan over the reversed input, read backwards.
        source true inner |> Option.map (fun s ->
            let states = Var("states", typeof<float[]>)
            let step state t = apply (apply f (s.Element <@@ %(int' s.Count) - 1 - %(int' t) @@>)) state
            { Count = <@@ %(int' s.Count) + 1 @@>
              Element = (fun j -> <@@ (%%(Expr.Var states): float[]).[%(int' s.Count) - %(int' j)] @@>)
              Bindings = s.Bindings @ [ states, scanStates s.Count initial step ] })
    | Call(None, mi, [ size; inner ]) when isCollectionModule mi && (mi.Name = "Windowed" || mi.Name = "ChunkBySize" || mi.Name = "SplitInto")
                                           && (e.Type = typeof<float[][]> || e.Type = typeof<float list list> || e.Type = typeof<seq<float[]>>) ->
        // Each window or chunk is a slice of the input (Ops.Slice, which has its own adjoint); how many there are is
        // counted with F#'s checks on the size.
        source true inner |> Option.map (fun s ->
            let x, made = asArray s inner
            let n, width = Var("pieces", typeof<float>), Var("size", typeof<int>)
            let n' = <@@ int (%%(Expr.Var n): float) @@>
            let w = Expr.Var width
            let length = <@@ (%%x: float[]).Length @@>
            let slice (j: Expr) =
                let piece =
                    if mi.Name = "Windowed" then Expr.Call(opsSlice, [ x; j; w ])
                    elif mi.Name = "SplitInto" then
                        // F#'s parts: the first length % k one longer than length / k, k = the number of parts.
                        let k = n'
                        let q, r = <@@ %(int' length) / %(int' k) @@>, <@@ %(int' length) % %(int' k) @@>
                        Expr.Call(opsSlice, [ x; <@@ %(int' j) * %(int' q) + min %(int' j) %(int' r) @@>; <@@ %(int' q) + (if %(int' j) < %(int' r) then 1 else 0) @@> ])
                    else Expr.Call(opsSlice, [ x; <@@ %(int' j) * %(int' w) @@>; <@@ min %(int' w) (%(int' length) - %(int' j) * %(int' w)) @@> ])
                // List.windowed's windows are lists: the slice's elements, which the list functions read like an array's.
                if e.Type = typeof<float list list> then <@@ List.ofArray<float> %%piece @@> else piece
            let counted = (match mi.Name with "Windowed" -> SortPermutation.windows | "SplitInto" -> SortPermutation.parts | _ -> SortPermutation.chunks) w length
            { Count = n'; Element = slice; Bindings = made @ [ width, size; n, counted ] })
    | Call(None, mi, [ f; inner ]) when isCollectionModule mi && mi.Name = "Permute" ->
        // Output j reads the input at the index f sends to j, as F#'s own permute of the indices finds it.
        source true inner |> Option.map (fun s ->
            let order = Var("permuted", typeof<float[]>)
            let targets = materialize { Count = s.Count; Element = (fun i -> <@@ float (%%(apply f i): int) @@>); Bindings = [] }
            { s with
                Element = fun j -> s.Element <@@ int (%%(Expr.Var order): float[]).[%(int' j)] @@>
                Bindings = s.Bindings @ [ order, Regrouping.permuted targets (module' mi) ] })
    | Call(None, mi, [ rows ]) when isCollectionModule mi && mi.Name = "Transpose" && mi.GetGenericArguments() |> Array.last = typeof<float> ->
        source true rows |> Option.map (transpose mi)
    | Call(None, mi, [ key; inner ]) when isCollectionModule mi && (mi.Name = "GroupBy" || mi.Name = "CountBy") ->
        source true inner |> Option.bind (groupBy mi key)
    | Call(None, mi, [ comparer; inner ]) when isCollectionModule mi && mi.Name = "SortWith" && isFloats e.Type ->
        // Every pair compared in the program (n² comparer calls); F#'s own sortWith orders the indices by those outcomes.
        let comparisons x =
            let n = <@@ (%%x: float[]).Length @@>
            let read (k: Expr) = <@@ (%%x: float[]).[%(int' k)] @@>
            materialize { Count = <@@ %(int' n) * %(int' n) @@>; Bindings = []
                          Element = fun k -> <@@ float (%%(apply (apply comparer (read <@@ %(int' k) / %(int' n) @@>)) (read <@@ %(int' k) % %(int' n) @@>)): int) @@> }
        source true inner |> Option.map (throughIndices (fun x -> Regrouping.sortingWith (comparisons x) <@@ (%%x: float[]).Length @@> (module' mi)) false inner)
    | Call(None, mi, [ key; inner ]) when isCollectionModule mi && mi.Name = "DistinctBy" && isFloats e.Type
                                           && List.contains (key.Type.GetGenericArguments()[1]) Regrouping.keyTypes ->
        let keys x = materialize { Count = <@@ (%%x: float[]).Length @@>; Element = (fun j -> Regrouping.keyToFloat (apply key <@@ (%%x: float[]).[%(int' j)] @@>)); Bindings = [] }
        source true inner |> Option.map (throughIndices (fun x -> Regrouping.distinctBy (keys x) (module' mi)) true inner)
    | Call(None, mi, [ key; inner ]) when isCollectionModule mi && mi.Name = "DistinctBy" && isFloats e.Type ->
        // A key of another type (a string, a tuple): ids standing for the keys in F#'s equality, kept by F#'s own distinctBy.
        let keyType = key.Type.GetGenericArguments()[1]
        source true inner |> Option.map (throughIndices (fun x -> Regrouping.distinctBy (KeyedGroups.ids apply key typeof<float> keyType x) (module' mi)) true inner)
    | Call(None, mi, [ inner ]) when isCollectionModule mi && mi.Name = "Indexed" ->
        source true inner |> Option.map (fun s -> { s with Element = fun j -> Expr.NewTuple [ j; s.Element j ] })
    | Call(None, mi, [ a; b ]) when isCollectionModule mi && mi.Name = "AllPairs" ->
        // F#'s order: every element of b for the first of a, then for the second…
        match source true a, source true b with
        | Some sa, Some sb ->
            Some { Count = <@@ %(int' sa.Count) * %(int' sb.Count) @@>
                   Element = fun j -> Expr.NewTuple [ sa.Element <@@ %(int' j) / %(int' sb.Count) @@>; sb.Element <@@ %(int' j) % %(int' sb.Count) @@> ]
                   Bindings = sa.Bindings @ sb.Bindings }
        | _ -> None
    | Call(None, mi, [ inner; start; count ]) when module' mi = "ArrayModule" && mi.Name = "GetSubArray" ->
        source true inner |> Option.map (fun s ->
            let first, n = Var("start", typeof<int>), Var("count", typeof<int>)
            { Count = Expr.Var n
              Element = fun j -> s.Element <@@ %%(Expr.Var first) + %(int' j) @@>
              Bindings = s.Bindings @ [ n, count; first, Regrouping.sub start (Expr.Var n) s.Count ] })
    | Call(None, mi, [ rows ]) when isCollectionModule mi && mi.Name = "Concat" && isFloats e.Type ->
        source true rows |> Option.map concatenate
    | Call(None, mi, [ f; inner ]) when isCollectionModule mi && mi.Name = "Collect" && isFloats e.Type ->
        source true inner |> Option.map (fun s -> concatenate { s with Element = fun k -> apply f (s.Element k) })
    | Call(None, mi, [ inner ]) when isCollectionModule mi && mi.Name = "Tail" && isFloats e.Type ->
        // All but the first; an empty input throws as F#'s.
        source true inner |> Option.map (fun s ->
            { s with Count = <@@ SortPermutation.Indices.NonEmpty %(int' s.Count) - 1 @@>; Element = fun j -> s.Element <@@ %(int' j) + 1 @@> })
    | Call(None, mi, [ count; value ]) when isCollectionModule mi && mi.Name = "Replicate" && value.Type = typeof<float> ->
        let n = Var("replicated", typeof<int>)
        Some { Count = Expr.Var n; Element = (fun _ -> value); Bindings = [ n, Regrouping.replicated count (module' mi) ] }
    | Call(None, mi, (index :: rest)) when isCollectionModule mi && isFloats e.Type && List.contains mi.Name [ "RemoveAt"; "UpdateAt"; "InsertAt" ]
                                          && rest.Length = (if mi.Name = "RemoveAt" then 1 else 2) ->
        // The index checked by F#'s own function first; the value written in (updateAt, insertAt) is read at its slot.
        source true (List.last rest) |> Option.map (fun s ->
            let at = Var("at", typeof<int>)
            let i = Expr.Var at
            let shifted (j: Expr) (by: int) = <@@ %(int' j) + by @@>
            let element (j: Expr) =
                match mi.Name, rest with
                | "RemoveAt", _ -> Expr.IfThenElse(<@@ %(int' j) < %(int' i) @@>, s.Element j, s.Element(shifted j 1))
                | "UpdateAt", [ value; _ ] -> Expr.IfThenElse(<@@ %(int' j) = %(int' i) @@>, value, s.Element j)
                | _, [ value; _ ] ->
                    Expr.IfThenElse(<@@ %(int' j) < %(int' i) @@>, s.Element j, Expr.IfThenElse(<@@ %(int' j) = %(int' i) @@>, value, s.Element(shifted j -1)))
                | _ -> invalidOp "updateAt and insertAt take a value"
            let count = match mi.Name with "RemoveAt" -> <@@ %(int' s.Count) - 1 @@> | "UpdateAt" -> s.Count | _ -> <@@ %(int' s.Count) + 1 @@>
            { Count = count; Element = element; Bindings = s.Bindings @ [ at, Regrouping.position mi.Name index s.Count (module' mi) ] })
    // A literal of rows (`[| a; b |]`, `[ xs; ys ]`): row j is an `if` over the items, read where it is used.
    | NewArray(t, items) when t <> typeof<float> && not items.IsEmpty -> Some(literalRows items)
    | ListLiteral items when e.Type <> typeof<float list> && not items.IsEmpty -> Some(literalRows items)
    | Call(None, mi, [ a; b ]) when isCollectionModule mi && mi.Name = "Append" ->
        // The first's elements, then the second's.
        match source true a, source true b with
        | Some sa, Some sb ->
            Some { Count = <@@ %(int' sa.Count) + %(int' sb.Count) @@>
                   Element = fun j -> Expr.IfThenElse(<@@ %(int' j) < %(int' sa.Count) @@>, sa.Element j, sb.Element <@@ %(int' j) - %(int' sa.Count) @@>)
                   Bindings = sa.Bindings @ sb.Bindings }
        | _ -> None
    | Call(None, mi, [ inner ]) when isCollectionModule mi && List.contains mi.Name [ "Copy"; "Cache"; "ReadOnly"; "Cast" ] && isFloats e.Type ->
        // The same elements: a copy (which a quotation may then write), a cached or read-only view.
        source true inner
    | Call(None, mi, [ value ]) when isCollectionModule mi && mi.Name = "Singleton" ->
        Some { Count = <@@ 1 @@>; Element = (fun _ -> value); Bindings = [] }
    | Call(None, mi, [ count; value ]) when module' mi = "ArrayModule" && mi.Name = "Create" && value.Type = typeof<float> ->
        let n = Var("created", typeof<int>)
        Some { Count = Expr.Var n; Element = (fun _ -> value); Bindings = [ n, Regrouping.replicated count (module' mi) ] }
    | Call(None, mi, [ generator; initial ]) when isCollectionModule mi && mi.Name = "Unfold" && isFloats e.Type && initial.Type = typeof<float> ->
        Some(unfolded mi generator initial <@@ System.Int32.MaxValue @@>)
    | Call(None, mi, [ index; values; inner ]) when isCollectionModule mi && mi.Name = "InsertManyAt" && isFloats e.Type ->
        // Checked by F#'s own insertManyAt first; the inserted values read at their slots.
        match source true values, source true inner with
        | Some sv, Some s ->
            let at = Var("at", typeof<int>)
            let i = Expr.Var at
            Some { Count = <@@ %(int' s.Count) + %(int' sv.Count) @@>
                   Element = fun j ->
                       Expr.IfThenElse(<@@ %(int' j) < %%i @@>, s.Element j,
                           Expr.IfThenElse(<@@ %(int' j) < %%i + %(int' sv.Count) @@>, sv.Element <@@ %(int' j) - %%i @@>, s.Element <@@ %(int' j) - %(int' sv.Count) @@>))
                   Bindings = s.Bindings @ sv.Bindings @ [ at, Lookups.manyAt true index sv.Count s.Count (module' mi) ] }
        | _ -> None
    | Call(None, mi, [ index; count; inner ]) when isCollectionModule mi && mi.Name = "RemoveManyAt" && isFloats e.Type ->
        source true inner |> Option.map (fun s ->
            let at, n = Var("at", typeof<int>), Var("removed", typeof<int>)
            { Count = <@@ %(int' s.Count) - %%(Expr.Var n) @@>
              Element = fun j -> Expr.IfThenElse(<@@ %(int' j) < %%(Expr.Var at) @@>, s.Element j, s.Element <@@ %(int' j) + %%(Expr.Var n) @@>)
              Bindings = s.Bindings @ [ n, count; at, Lookups.manyAt false index (Expr.Var n) s.Count (module' mi) ] })
    | array when orArray && array.Type = typeof<float[]> ->
        Some { Count = <@@ (%%array: float[]).Length @@>; Element = (fun j -> <@@ (%%array: float[]).[%(int' j)] @@>); Bindings = [] }
    | _ -> None

/// Whether the expression is a collection worth lowering (not a plain array value, which stays as it is).
let private (|Collection|_|) (e: Expr) = match stripCoerce e with Var _ | Value _ | PropertyGet _ -> None | _ -> source false e

/// Whether the expression is a collection Collections reads lazily (a range, a comprehension, a map…).
let isCollection (e: Expr) = match e with Collection _ -> true | _ -> false

/// `Ops.Sum(count, j => term j)`.
let private sum (s: Source) (term: Expr -> Expr) : Expr =
    let j = Var("j", typeof<int>)
    within s (Expr.Call(opsSum, [ s.Count; Expr.NewDelegate(typeof<Func<int, float>>, [ j ], term (Expr.Var j)) ]))

/// `Ops.Scan(steps, initial, (state, t) => step state t)[steps]`: the final state of a float recurrence.
let private scan (steps: Expr) (initial: Expr) (step: Expr -> Expr -> Expr) : Expr =
    <@@ (%%(scanStates steps initial step): float[]).[%(int' steps)] @@>

/// A fold whose state is a tuple or a record: one mutable per component, a loop over the elements, the value at the end.
let private foldTuple (s: Source) (initial: Expr) (step: Expr -> Expr -> Expr) : Expr =
    let types = Composite.memberTypes initial.Type
    let states = types |> Array.mapi (fun k t -> Var($"state{k + 1}", t, true)) |> List.ofArray
    let next = Var("next", initial.Type)
    let j = Var("j", typeof<int>)
    let current = Composite.make initial.Type (states |> List.map Expr.Var)
    let updates = states |> List.mapi (fun k v -> Expr.VarSet(v, Composite.item (Expr.Var next) k))
    let body = Expr.Let(next, step current (Expr.Var j), List.reduceBack (fun a b -> Expr.Sequential(a, b)) updates)
    let loop = Expr.ForIntegerRangeLoop(j, <@@ 0 @@>, <@@ %(int' s.Count) - 1 @@>, body)
    let start = Var("initial", initial.Type)
    Expr.Let(start, initial,
        List.foldBack (fun (k, v) rest -> Expr.Let(v, Composite.item (Expr.Var start) k, rest)) (List.indexed states)
            (within s (Expr.Sequential(loop, current))))

/// `Array2D.init rows columns f`: a local matrix written by two loops (the dimensions computed once, before them).
let private init2D (rows: Expr) (columns: Expr) (element: Expr -> Expr -> Expr) : Expr =
    let y, i, j = Var("matrix", typeof<float[,]>), Var("i", typeof<int>), Var("j", typeof<int>)
    let write = <@@ (%%(Expr.Var y): float[,]).[%%(Expr.Var i), %%(Expr.Var j)] <- %(float' (element (Expr.Var i) (Expr.Var j))) @@>
    let m, n = Var("rows", typeof<int>), Var("columns", typeof<int>)
    Expr.Let(m, rows, Expr.Let(n, columns,
        Expr.Let(y, <@@ Array2D.zeroCreate<float> %%(Expr.Var m) %%(Expr.Var n) @@>,
            Expr.Sequential(
                Expr.ForIntegerRangeLoop(i, <@@ 0 @@>, <@@ %%(Expr.Var m) - 1 @@>,
                    Expr.ForIntegerRangeLoop(j, <@@ 0 @@>, <@@ %%(Expr.Var n) - 1 @@>, write)),
                Expr.Var y))))

/// `Array2D.map f m`: init2D over m's dimensions.
let private map2D (f: Expr) (m: Expr) : Expr =
    let source = Var("source", typeof<float[,]>)
    let read (i: Expr) (j: Expr) = <@@ (%%(Expr.Var source): float[,]).[%(int' i), %(int' j)] @@>
    let rows, columns = <@@ Array2D.length1 (%%(Expr.Var source): float[,]) @@>, <@@ Array2D.length2 (%%(Expr.Var source): float[,]) @@>
    Expr.Let(source, m, init2D rows columns (fun i j -> apply f (read i j)))

/// `w[a..b]`, `w[a..]`, `w[..b]`: the bounds of the slice, None where it is open.
let private (|Slice|_|) (e: Expr) =
    let bound (b: Expr) =
        match b with
        | NewUnionCase(case, [ v ]) when case.Name = "Some" -> Some(Some v)
        | NewUnionCase(case, []) when case.Name = "None" -> Some None
        | _ -> None
    match e with
    | Call(None, mi, [ array; first; last ]) when mi.Name = "GetArraySlice" && array.Type = typeof<float[]> ->
        match bound first, bound last with
        | Some a, Some b -> Some(array, a, b)
        | _ -> None
    | _ -> None

/// The float reduction a call of a collection module computes from a known collection, lowered.
let private reduction (mi: Reflection.MethodInfo) (args: Expr list) (resultType: Type) : Expr option =
    if not (isCollectionModule mi) || resultType = typeof<unit> then None
    else
        let known e = source true e
        match mi.Name, args with
        | "Sum", [ xs ] when resultType = typeof<float> -> known xs |> Option.map (fun s -> sum s s.Element)
        | "SumBy", [ f; xs ] when resultType = typeof<float> -> known xs |> Option.map (fun s -> sum s (fun j -> apply f (s.Element j)))
        | "Average", [ xs ] when resultType = typeof<float> ->
            known xs |> Option.map (fun s -> within s <@@ %(float' (sum { s with Bindings = [] } s.Element)) / float %(int' s.Count) @@>)
        | "AverageBy", [ f; xs ] when resultType = typeof<float> ->
            known xs |> Option.map (fun s -> within s <@@ %(float' (sum { s with Bindings = [] } (fun j -> apply f (s.Element j)))) / float %(int' s.Count) @@>)
        | ("Max" | "Min"), [ xs ] when resultType = typeof<float> ->
            let pick a b = if mi.Name = "Max" then <@@ max %(float' a) %(float' b) @@> else <@@ min %(float' a) %(float' b) @@>
            known xs |> Option.map (fun s -> within s (scan <@@ %(int' s.Count) - 1 @@> (s.Element <@@ 0 @@>) (fun m t -> pick m (s.Element <@@ %(int' t) + 1 @@>))))
        | ("MaxBy" | "MinBy"), [ key; xs ] when resultType = typeof<float> && keyIsFloat key ->
            // The element the key picks, read at an index computed once (no gradient through the choice).
            known xs |> Option.map (fun s ->
                let x, made = asArray s xs
                let at = Var("best", typeof<float>)
                within { s with Bindings = s.Bindings @ made @ [ at, SortPermutation.best (keysOf key x) (mi.Name = "MaxBy") ] }
                    <@@ (%%x: float[]).[int (%%(Expr.Var at): float)] @@>)
        | ("MaxBy" | "MinBy"), [ key; xs ] when KeyedGroups.hasImage resultType ->
            // A key of another type (an int, a string, a tuple): F#'s own maxBy/minBy with the user's key picks the index.
            known xs |> Option.map (fun s ->
                let k = Var("best", typeof<int>)
                let keyType = key.Type.GetGenericArguments()[1]
                let values = materialize { Count = s.Count; Element = (fun j -> KeyedGroups.image (s.Element j)); Bindings = [] }
                within { s with Bindings = s.Bindings @ [ k, KeyedGroups.best apply key resultType keyType values (mi.Name = "MaxBy") (module' mi) ] } (s.Element(Expr.Var k)))
        | "Reduce", [ f; xs ] when Composite.isComposite resultType ->
            // A fold of tuples or records from the first element (one mutable per component); an empty input throws as F#'s.
            known xs |> Option.map (fun s ->
                let rest = { s with Count = <@@ SortPermutation.Indices.NonEmpty %(int' s.Count) - 1 @@>; Element = fun j -> s.Element <@@ %(int' j) + 1 @@> }
                foldTuple rest (s.Element <@@ 0 @@>) (fun state j -> apply (apply f state) (rest.Element j)))
        | "FoldBack", [ f; xs; initial ] when Composite.isComposite resultType ->
            // A tuple or record state: the loop over mutables of fold, over the elements from the last.
            known xs |> Option.map (fun s -> foldTuple s initial (fun state j -> apply (apply f (s.Element <@@ %(int' s.Count) - 1 - %(int' j) @@>)) state))
        | "FoldBack2", [ f; a; b; initial ] when Composite.isComposite resultType ->
            match known a, known b with
            | Some sa, Some sb ->
                let both = paired mi sa sb
                let back (t: Expr) = <@@ %(int' both.Count) - 1 - %(int' t) @@>
                Some(foldTuple both initial (fun state j -> apply (apply (apply f (sa.Element(back j))) (sb.Element(back j))) state))
            | _ -> None
        | "FoldBack", [ f; xs; initial ] when resultType = typeof<float> ->
            known xs |> Option.map (fun s -> within s (scan s.Count initial (fun state t -> apply (apply f (s.Element <@@ %(int' s.Count) - 1 - %(int' t) @@>)) state)))
        | "Reduce", [ f; xs ] when resultType = typeof<float> ->
            // A fold from the first element; an empty input throws as F#'s does.
            known xs |> Option.map (fun s ->
                within s (scan <@@ SortPermutation.Indices.NonEmpty %(int' s.Count) - 1 @@> (s.Element <@@ 0 @@>) (fun state t -> apply (apply f state) (s.Element <@@ %(int' t) + 1 @@>))))
        | ("Find" | "FindBack" | "Pick"), [ predicate; xs ] ->
            // The element at the index F#'s own findIndex (findIndexBack) picks from the verdicts (its exception where
            // none holds); a pick's payload is computed again there and carries the gradient.
            known xs |> Option.map (fun s ->
                let k = Var("found", typeof<int>)
                let verdict item =
                    if mi.Name = "Pick" then optionTails mi predicate (apply predicate item) (fun _ -> <@@ 1.0 @@>) <@@ 0.0 @@>
                    else <@@ if %%(apply predicate item) then 1.0 else 0.0 @@>
                let flags = materialize { Count = s.Count; Element = (fun j -> verdict (s.Element j)); Bindings = [] }
                let read item = if mi.Name = "Pick" then optionTails mi predicate (apply predicate item) id (Expr.DefaultValue resultType) else item
                within { s with Bindings = s.Bindings @ [ k, Lookups.index flags (mi.Name = "FindBack") (module' mi) ] } (read (s.Element(Expr.Var k))))
        | "ExactlyOne", [ xs ] ->
            known xs |> Option.map (fun s ->
                let k = Var("only", typeof<int>)
                within { s with Bindings = s.Bindings @ [ k, Lookups.single s.Count (module' mi) ] } (s.Element(Expr.Var k)))
        | "ReduceBack", [ f; xs ] when resultType = typeof<float> ->
            // A fold from the last element leftwards; an empty input throws as F#'s does.
            known xs |> Option.map (fun s ->
                within s (scan <@@ SortPermutation.Indices.NonEmpty %(int' s.Count) - 1 @@> (s.Element <@@ %(int' s.Count) - 1 @@>)
                              (fun state t -> apply (apply f (s.Element <@@ %(int' s.Count) - 2 - %(int' t) @@>)) state)))
        | "FoldBack2", [ f; a; b; initial ] when resultType = typeof<float> ->
            match known a, known b with
            | Some sa, Some sb ->
                let both = paired mi sa sb
                let back (t: Expr) = <@@ %(int' both.Count) - 1 - %(int' t) @@>
                Some(within both (scan both.Count initial (fun state t -> apply (apply (apply f (sa.Element(back t))) (sb.Element(back t))) state)))
            | _ -> None
        | "Fold", [ f; initial; xs ] when resultType = typeof<float> ->
            known xs |> Option.map (fun s -> within s (scan s.Count initial (fun state t -> apply (apply f state) (s.Element t))))
        | "Fold", [ f; initial; xs ] when Composite.isComposite resultType ->
            known xs |> Option.map (fun s -> foldTuple s initial (fun state j -> apply (apply f state) (s.Element j)))
        | "Fold2", [ f; initial; a; b ] ->
            match known a, known b with
            | Some sa, Some sb ->
                let step state j = apply (apply (apply f state) (sa.Element j)) (sb.Element j)
                let both = paired mi sa sb
                if resultType = typeof<float> then Some(within both (scan both.Count initial step))
                elif Composite.isComposite resultType then Some(foldTuple both initial step)
                else None
            | _ -> None
        | _ -> None

/// `for v in xs do body` over a collection this module knows (a list, a map, a range…), quoted as an
/// enumeration: the source and the loop's parts.
let private (|Enumeration|_|) (e: Expr) =
    let (|Enumerate|_|) (x: Expr) =
        match x with
        | Let(enumerator, Call(Some items, getEnumerator, []), TryFinally(WhileLoop(_, Let(v, PropertyGet(Some(Var en), current, []), body)), _))
            when en = enumerator && getEnumerator.Name = "GetEnumerator" && current.Name = "Current" ->
            Some(stripCoerce items, v, body)
        | _ -> None
    match e with
    // The collection bound first, or (once Reduction has substituted it) enumerated in place.
    | Let(bound, source, Enumerate(Var items, v, body)) when items = bound -> Some(source, v, body)
    | Enumerate(source, v, body) -> Some(source, v, body)
    | _ -> None

/// Whether a collection can be read element by element inside the loop instead of whole before it, as F#
/// reads it: only when nothing it reads is assigned in the loop.
let private readsNothingAssigned (source: Expr) (body: Expr) =
    let rec assigned (e: Expr) =
        match e with
        | VarSet(v, value) -> Set.add v.Name (assigned value)
        | Call(None, mi, Var a :: args) when mi.Name = "SetArray" || mi.Name = "SetArray2D" -> Set.add a.Name (Set.unionMany (List.map assigned args))
        | ExprShape.ShapeVar _ -> Set.empty
        | ExprShape.ShapeLambda(_, b) -> assigned b
        | ExprShape.ShapeCombination(_, args) -> args |> List.map assigned |> Set.unionMany
    let targets = assigned body
    source.GetFreeVars() |> Seq.forall (fun v -> not (targets.Contains v.Name))

/// `for v in items do body` (and `Array.iter`/`iteri`, whose body also reads the index) as an index loop: the
/// elements read one by one where nothing the body assigns changes them; F# computes a collection whole before
/// the loop, so otherwise it becomes a local array first.
let private loopOver (items: Expr) (elementType: Type) (body: Expr -> Expr -> Expr) : Expr option =
    let v, j = Var("item", elementType), Var("j", typeof<int>)
    let body = body (Expr.Var j) (Expr.Var v)
    match source true items with
    | Some s when elementType = typeof<float> || readsNothingAssigned items body ->
        let overElements (s: Source) = Expr.ForIntegerRangeLoop(j, <@@ 0 @@>, <@@ %(int' s.Count) - 1 @@>, Expr.Let(v, s.Element(Expr.Var j), body))
        if readsNothingAssigned items body then Some(within s (overElements s))
        else
            let whole = Var("items", typeof<float[]>)
            Some(Expr.Let(whole, materialize s, overElements (source true (Expr.Var whole)).Value))
    | _ -> None

/// Every collection function this module knows, lowered, anywhere in the quotation.
let rec lower (e: Expr) : Expr =
    match e with
    | Enumeration(items, v, body) when (loopOver items v.Type (fun _ item -> Expr.Let(v, item, body))).IsSome ->
        lower (loopOver items v.Type (fun _ item -> Expr.Let(v, item, body))).Value
    | Call(None, mi, [ f; items ]) when isCollectionModule mi && mi.Name = "Iterate" && (source true items).IsSome ->
        let elementType = (f.Type.GetGenericArguments())[0]
        match loopOver items elementType (fun _ item -> apply f item) with
        | Some loop -> lower loop
        | None -> raise (Construct.unsupported $"'{mi.Name}' over a {items.Type.Name} whose body changes what it reads" e "write it as a for loop")
    | Call(None, mi, [ f; items ]) when isCollectionModule mi && mi.Name = "IterateIndexed" && (source true items).IsSome ->
        let afterIndex = f.Type.GetGenericArguments()[1]
        let elementType = afterIndex.GetGenericArguments()[0]
        match loopOver items elementType (fun j item -> apply (apply f j) item) with
        | Some loop -> lower loop
        | None -> raise (Construct.unsupported $"'{mi.Name}' over a {items.Type.Name} whose body changes what it reads" e "write it as a for loop")
    | Call(None, mi, [ f; a; b ]) when isCollectionModule mi && (mi.Name = "Iterate2" || mi.Name = "IterateIndexed2") ->
        // A loop over F#'s own zip of the two (its exception at different lengths; Seq's stops at the shorter).
        let types = mi.GetGenericArguments()
        let zipped = Expr.Call(mi.DeclaringType.GetMethod("Zip").MakeGenericMethod types, [ a; b ])
        let call j (item: Expr) = apply (apply (if mi.Name = "Iterate2" then f else apply f j) (Expr.TupleGet(item, 0))) (Expr.TupleGet(item, 1))
        match loopOver zipped (Reflection.FSharpType.MakeTupleType types) call with
        | Some loop -> lower loop
        | None -> raise (Construct.unsupported $"'{mi.Name}' over collections this front cannot read element by element" e "write it as a for loop over an index")
    | Call(None, mi, args) when (InPlace.statement apply mi args).IsSome -> lower (InPlace.statement apply mi args).Value
    | Call(None, mi, _) when module' mi = "Array2DModule" && mi.Name.EndsWith "Based" ->
        raise (Construct.unsupported $"'Array2D.{Char.ToLowerInvariant mi.Name[0]}{mi.Name.Substring 1}', a matrix indexed from other bases than 0," e
                   "the core's matrices are indexed from 0: make it with Array2D.zeroCreate, create or init and add the base to the indices where you read it")
    | Call(None, mi, [ m ]) when module' mi = "Array2DModule" && (mi.Name = "Copy" || mi.Name = "Rebase") && m.Type = typeof<float[,]> ->
        // rebase of a matrix indexed from 0 (the only kind the core makes) is a copy.
        let v = Var("v", typeof<float>)
        lower (map2D (Expr.Lambda(v, Expr.Var v)) m)
    | Call(None, mi, [ f; m ]) when module' mi = "Array2DModule" && mi.Name = "MapIndexed" && e.Type = typeof<float[,]> && m.Type = typeof<float[,]> ->
        let source = Var("source", typeof<float[,]>)
        let read (i: Expr) (j: Expr) = <@@ (%%(Expr.Var source): float[,]).[%(int' i), %(int' j)] @@>
        let rows, columns = <@@ Array2D.length1 (%%(Expr.Var source): float[,]) @@>, <@@ Array2D.length2 (%%(Expr.Var source): float[,]) @@>
        lower (Expr.Let(source, m, init2D rows columns (fun i j -> apply (apply (apply f i) j) (read i j))))
    | Call(None, mi, _) when isCollectionModule mi && mi.Name.StartsWith "Random" ->
        let owner = mi.DeclaringType.Name.Replace("Module", "")
        raise (Construct.unsupported $"'{owner}.{Char.ToLowerInvariant mi.Name[0]}{mi.Name.Substring 1}', a random draw," e
                   "a draw made anew at every call makes the function differentiated change from call to call (its value, gradient and a finite-difference check would each see another draw); draw outside the quotation and pass the indices in (Array.permute, x[i])")
    | Call(None, mi, [ _; initial ]) when isCollectionModule mi && mi.Name = "Unfold" ->
        let owner = mi.DeclaringType.Name.Replace("Module", "")
        raise (Construct.unsupported $"'{owner}.unfold' with a state of type {initial.Type.Name} or elements of type {e.Type.Name}" e
                   "carry a float state and make float elements, or write a while loop over mutables writing a local array")
    | Call(None, mi, _) when module' mi = "SeqModule" && mi.Name = "InitializeInfinite" ->
        raise (Construct.unsupported "'Seq.initInfinite', an endless sequence, not bounded where it is made" e
                   "bound it in place with Seq.take n or Seq.truncate n (Seq.initInfinite f |> Seq.take n), or write Seq.init n f")
    | Call(None, mi, args) when (reduction mi args e.Type).IsSome -> lower (reduction mi args e.Type).Value
    | Call(None, mi, [ Collection s; index ]) when mi.Name = "GetArray" -> lower (within s (s.Element index))
    | PropertyGet(Some(Collection s), p, []) when p.Name = "Length" -> lower (within s s.Count)
    | PropertyGet(Some(Collection s), p, [ index ]) when p.Name = "Item" -> lower (within s (s.Element index))
    | PropertyGet(Some(Collection s), p, []) when p.Name = "Head" -> lower (within s (s.Element <@@ 0 @@>))
    | Call(None, mi, [ index; Collection s ]) when isCollectionModule mi && (mi.Name = "Item" || mi.Name = "Get") -> lower (within s (s.Element index))
    | Call(None, mi, [ Collection s; index ]) when isCollectionModule mi && mi.Name = "Get" -> lower (within s (s.Element index))
    | Call(None, mi, [ index; xs ]) when isCollectionModule mi && mi.Name = "Item" && index.Type = typeof<int> && (source true xs).IsSome ->
        let s = (source true xs).Value
        lower (within s (s.Element index))
    | Call(None, mi, [ xs ]) when isCollectionModule mi && mi.Name = "Head" && (source true xs).IsSome ->
        // Index 0 once F#'s check has passed (an empty input throws an ArgumentException, as Array.head's).
        let s = (source true xs).Value
        lower (within s (s.Element <@@ SortPermutation.Indices.NonEmpty %(int' s.Count) - %(int' s.Count) @@>))
    | Call(None, mi, [ xs ]) when isCollectionModule mi && mi.Name = "Last" && e.Type = typeof<float> && (source true xs).IsSome ->
        let s = (source true xs).Value
        lower (within s (s.Element <@@ %(int' s.Count) - 1 @@>))
    | Call(None, mi, [ Collection s ]) when mi.Name = "Length" && isCollectionModule mi -> lower (within s s.Count)
    | Call(None, mi, [ f; m ]) when module' mi = "Array2DModule" && mi.Name = "Map" && e.Type = typeof<float[,]> && m.Type = typeof<float[,]> ->
        lower (map2D f m)
    | Call(None, mi, [ rows; columns; f ]) when module' mi = "Array2DModule" && mi.Name = "Initialize" && e.Type = typeof<float[,]> ->
        lower (init2D rows columns (fun i j -> apply (apply f i) j))
    | Slice(array, first, last) ->
        // F# clamps a slice to the array: w[1..] of one element is empty, w[..5] of three is all of it.
        let w = Var("sliced", typeof<float[]>)
        let length = <@@ (%%(Expr.Var w): float[]).Length @@>
        let start = <@@ max 0 %(int' (defaultArg first <@@ 0 @@>)) @@>
        let stop = <@@ min (%(int' length) - 1) %(int' (defaultArg last <@@ System.Int32.MaxValue @@>)) @@>
        let count = <@@ max 0 (%(int' stop) - %(int' start) + 1) @@>
        lower (Expr.Let(w, array, Expr.Call(opsSlice, [ Expr.Var w; <@@ min %(int' start) %(int' length) @@>; count ])))
    | Collection s when e.Type = typeof<float[]> -> lower (materialize s)
    | ExprShape.ShapeVar _ -> e
    | ExprShape.ShapeLambda(v, body) -> Expr.Lambda(v, lower body)
    | ExprShape.ShapeCombination(shape, args) -> ExprShape.RebuildShapeCombination(shape, List.map lower args)

/// `partition p xs` and `unzip xs` as the pair of collections they make (`filter p xs, filter (not ∘ p) xs`;
/// `map fst xs, map snd xs`), which Reduction splits where the pair is bound, so each half is read lazily.
let pairOf (mi: Reflection.MethodInfo) (args: Expr list) : Expr option =
    let generic name (types: Type[]) = mi.DeclaringType.GetMethod(name).MakeGenericMethod types
    match mi.Name, args with
    | "PartitionWith", [ f; xs ] when isCollectionModule mi ->
        // The choose of each side: the Choice1Of2 payloads, then the Choice2Of2 ones, each from the branch it is made in.
        let types = mi.GetGenericArguments()
        let side (k: int) =
            let caseName = $"Choice{k}Of2"
            let optionType = typedefof<option<int>>.MakeGenericType [| types[k] |]
            let case name = Reflection.FSharpType.GetUnionCases optionType |> Array.find (fun c -> c.Name = name)
            let rec tails (e: Expr) =
                match e with
                | NewUnionCase(c, [ v ]) when c.Name = caseName -> Expr.NewUnionCase(case "Some", [ v ])
                | NewUnionCase(c, [ _ ]) when c.Name.StartsWith "Choice" -> Expr.NewUnionCase(case "None", [])
                | IfThenElse(test, a, b) -> Expr.IfThenElse(test, tails a, tails b)
                | Let(v, value, body) -> Expr.Let(v, value, tails body)
                | Sequential(first, rest) -> Expr.Sequential(first, tails rest)
                | _ -> raise (Construct.unsupported "a function of 'partitionWith' whose result is not written as 'Choice1Of2 …' or 'Choice2Of2 …'" f
                                  "return Choice1Of2 value or Choice2Of2 value from each branch")
            let v = Var("item", types[0])
            Expr.Call(generic "Choose" [| types[0]; types[k] |], [ Expr.Lambda(v, tails (apply f (Expr.Var v))); xs ])
        Some(Expr.NewTuple [ side 1; side 2 ])
    | "Partition", [ predicate; xs ] when isCollectionModule mi ->
        let t = mi.GetGenericArguments()[0]
        let v = Var("item", t)
        let rejected = Expr.Lambda(v, <@@ not %%(apply predicate (Expr.Var v)) @@>)
        Some(Expr.NewTuple [ Expr.Call(generic "Filter" [| t |], [ predicate; xs ]); Expr.Call(generic "Filter" [| t |], [ rejected; xs ]) ])
    | "SplitAt", [ index; xs ] when isCollectionModule mi ->
        // Where F#'s own splitAt splits (its exceptions), then the take and the skip of that many, read lazily.
        source true xs |> Option.map (fun s ->
            let t = mi.GetGenericArguments()[0]
            let n = Var("split", typeof<int>)
            within s (Expr.Let(n, Regrouping.splitAt index s.Count (module' mi),
                Expr.NewTuple [ for part in [ "Take"; "Skip" ] -> Expr.Call(generic part [| t |], [ Expr.Var n; xs ]) ])))
    | ("Unzip" | "Unzip3"), [ xs ] when isCollectionModule mi ->
        let types = mi.GetGenericArguments()
        let pair = Reflection.FSharpType.MakeTupleType types
        let part k = let v = Var("pair", pair) in Expr.Lambda(v, Expr.TupleGet(Expr.Var v, k))
        Some(Expr.NewTuple [ for k in 0 .. types.Length - 1 -> Expr.Call(generic "Map" [| pair; types[k] |], [ part k; xs ]) ])
    | ("MapFold" | "MapFoldBack"), [ f; a; b ] when isCollectionModule mi && Composite.isComposite (mi.GetGenericArguments()[1])
                                                 && Composite.memberTypes (mi.GetGenericArguments()[1]) |> Array.forall ((=) typeof<float>) ->
        // A tuple or record state: the states stored component by component (as scan's), each output from the state before it.
        let initial, xs = if mi.Name = "MapFold" then a, b else b, a
        source true xs |> Option.map (fun s ->
            let all = Var("states", typeof<float[]>)
            let k = (Composite.memberTypes initial.Type).Length
            let stateAt (t: Expr) = Composite.make initial.Type [ for c in 0 .. k - 1 -> <@@ (%%(Expr.Var all): float[]).[%(int' t) * k + c] @@> ]
            let back (t: Expr) = <@@ %(int' s.Count) - 1 - %(int' t) @@>
            let call state t = if mi.Name = "MapFold" then apply (apply f state) (s.Element t) else apply (apply f (s.Element(back t))) state
            let j = Var("j", typeof<int>)
            let mapped =
                if mi.Name = "MapFold" then Expr.Lambda(j, Expr.TupleGet(call (stateAt (Expr.Var j)) (Expr.Var j), 0))
                else Expr.Lambda(j, Expr.TupleGet(apply (apply f (s.Element(Expr.Var j))) (stateAt (back (Expr.Var j))), 0))
            let outputs = Expr.Call(generic "Initialize" [| mi.GetGenericArguments()[2] |], [ s.Count; mapped ])
            within s (Expr.Let(all, scanComposite s.Count initial (fun state t -> Expr.TupleGet(call state t, 1)), Expr.NewTuple [ outputs; stateAt s.Count ])))
    | "MapFold", [ f; initial; xs ] when isCollectionModule mi && initial.Type = typeof<float> ->
        // The states by Ops.Scan (each step's second item), the mapped values each step's first item, read from the
        // state before it: `(init n (fun j -> fst (f states[j] x[j])), states[n])`.
        source true xs |> Option.map (fun s ->
            let states, j = Var("states", typeof<float[]>), Var("j", typeof<int>)
            let stateAt (t: Expr) = <@@ (%%(Expr.Var states): float[]).[%(int' t)] @@>
            let step state t = Expr.TupleGet(apply (apply f state) (s.Element t), 1)
            let mapped = Expr.Lambda(j, Expr.TupleGet(apply (apply f (stateAt (Expr.Var j))) (s.Element(Expr.Var j)), 0))
            let outputs = Expr.Call(generic "Initialize" [| mi.GetGenericArguments()[1] |], [ s.Count; mapped ])
            within s (Expr.Let(states, scanStates s.Count initial step, Expr.NewTuple [ outputs; stateAt s.Count ])))
    | "MapFoldBack", [ f; xs; initial ] when isCollectionModule mi && initial.Type = typeof<float> ->
        // From the right: states by Ops.Scan over the reversed input; output j from the state after the elements past it.
        source true xs |> Option.map (fun s ->
            let states, j = Var("states", typeof<float[]>), Var("j", typeof<int>)
            let stateAt (t: Expr) = <@@ (%%(Expr.Var states): float[]).[%(int' t)] @@>
            let back (t: Expr) = <@@ %(int' s.Count) - 1 - %(int' t) @@>
            let step state t = Expr.TupleGet(apply (apply f (s.Element(back t))) state, 1)
            let mapped = Expr.Lambda(j, Expr.TupleGet(apply (apply f (s.Element(Expr.Var j))) (stateAt (back (Expr.Var j))), 0))
            let outputs = Expr.Call(generic "Initialize" [| mi.GetGenericArguments()[1] |], [ s.Count; mapped ])
            within s (Expr.Let(states, scanStates s.Count initial step, Expr.NewTuple [ outputs; stateAt s.Count ])))
    | _ -> None

/// `tryFind p xs`, `tryPick chooser xs`, `tryHead xs`, `tryLast xs` of a known collection as an option made in place
/// (`if found then Some element else None`), which Reduction splits into its flag and payload: the index is chosen
/// by the verdicts (no gradient through the choice), the element read there carries it.
let optionOf (mi: Reflection.MethodInfo) (args: Expr list) (resultType: Type) : Expr option =
    let case name = Reflection.FSharpType.GetUnionCases resultType |> Array.find (fun c -> c.Name = name)
    let some (x: Expr) = Expr.NewUnionCase(case "Some", [ x ])
    let none () = Expr.NewUnionCase(case "None", [])
    let at (s: Source) (flag: Expr -> Expr) (read: Expr -> Expr) =
        let order = Var("found", typeof<float[]>)
        let flags = materialize { Count = s.Count; Element = (fun j -> <@@ if %%(flag (s.Element j)) then 1.0 else 0.0 @@>); Bindings = [] }
        // tryFindBack: the last index whose verdict holds.
        let first = if mi.Name = "TryFindBack" then <@@ (%%(Expr.Var order): float[]).Length - 1 @@> else <@@ 0 @@>
        within { s with Bindings = s.Bindings @ [ order, SortPermutation.kept flags ] }
            (Expr.IfThenElse(<@@ (%%(Expr.Var order): float[]).Length > 0 @@>, some (read (s.Element <@@ int (%%(Expr.Var order): float[]).[%(int' first)] @@>)), none ()))
    if not (isCollectionModule mi && Composite.isOption resultType) then None
    else
        match mi.Name, args with
        | ("TryFind" | "TryFindBack"), [ predicate; xs ] -> source true xs |> Option.map (fun s -> at s (apply predicate) id)
        | "TryExactlyOne", [ xs ] ->
            source true xs |> Option.map (fun s -> within s (Expr.IfThenElse(<@@ %(int' s.Count) = 1 @@>, some (s.Element <@@ 0 @@>), none ())))
        | "TryPick", [ chooser; xs ] ->
            source true xs |> Option.map (fun s ->
                at s (fun item -> <@@ %%(optionTails mi chooser (apply chooser item) (fun _ -> <@@ 1.0 @@>) <@@ 0.0 @@>) > 0.5 @@>)
                     (fun item -> optionTails mi chooser (apply chooser item) id (Expr.DefaultValue(resultType.GetGenericArguments()[0]))))
        | ("TryFindIndex" | "TryFindIndexBack"), [ predicate; xs ] ->
            source true xs |> Option.map (fun s ->
                let order = Var("found", typeof<float[]>)
                let flags = materialize { Count = s.Count; Element = (fun j -> <@@ if %%(apply predicate (s.Element j)) then 1.0 else 0.0 @@>); Bindings = [] }
                let first = if mi.Name = "TryFindIndexBack" then <@@ (%%(Expr.Var order): float[]).Length - 1 @@> else <@@ 0 @@>
                within { s with Bindings = s.Bindings @ [ order, SortPermutation.kept flags ] }
                    (Expr.IfThenElse(<@@ (%%(Expr.Var order): float[]).Length > 0 @@>, some <@@ int (%%(Expr.Var order): float[]).[%(int' first)] @@>, none ())))
        | "TryItem", [ index; xs ] ->
            source true xs |> Option.map (fun s ->
                let i = Var("index", typeof<int>)
                within s (Expr.Let(i, index, Expr.IfThenElse(<@@ %%(Expr.Var i) >= 0 && %%(Expr.Var i) < %(int' s.Count) @@>, some (s.Element(Expr.Var i)), none ()))))
        | ("TryHead" | "TryLast"), [ xs ] ->
            source true xs |> Option.map (fun s ->
                within s (Expr.IfThenElse(<@@ %(int' s.Count) > 0 @@>,
                                          some (s.Element (if mi.Name = "TryHead" then <@@ 0 @@> else <@@ %(int' s.Count) - 1 @@>)), none ())))
        | _ -> None
