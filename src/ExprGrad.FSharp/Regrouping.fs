/// `transpose`, `groupBy`, `countBy` and `sortWith` as index arithmetic over the input: which element lands
/// where is computed once, when the gradient runs, by F#'s own function applied to the indices (so its order and
/// its exceptions are F#'s); the values flow through those reads and carry the gradient, the choice does not.
module internal ExprGrad.FSharp.Regrouping

open System
open Microsoft.FSharp.Quotations

/// The float image of a grouping key: the keys a group is made by are compared by F# as floats, which for ints
/// and bools is the same partition (each value has one image, exact below 2⁵³).
let keyTypes = [ typeof<float>; typeof<int>; typeof<bool> ]

/// The runtime half: F#'s own functions over indices, keyed by values the compiled program computed.
type Groups =
    /// <summary>How many rows F#'s own `transpose` of the given module makes of rows with these lengths (its
    /// exception where they differ; none for no rows).</summary>
    static member Transposed(lengths: float[], collection: string) : float =
        let rows = lengths |> Array.map (fun n -> Array.zeroCreate<int> (int n))
        match collection with
        | "ListModule" -> rows |> Array.map List.ofArray |> List.transpose |> List.length |> float
        | "SeqModule" -> rows |> Seq.transpose |> Seq.length |> float
        | _ -> rows |> Array.transpose |> Array.length |> float

    /// <summary>F#'s own `groupBy` of the given module over the indices, keyed by keys[i]: the indices of each group
    /// in input order, the groups one after another in F#'s order (first occurrence of each key).</summary>
    static member Members(keys: float[], collection: string) : float[] =
        Groups.Grouped(keys, collection) |> Array.concat |> Array.map float

    /// <summary>Where each group of `Members` starts, and the total count last (one more entry than groups).</summary>
    static member Starts(keys: float[], collection: string) : float[] =
        Groups.Grouped(keys, collection) |> Array.scan (fun start (g: int[]) -> start + float g.Length) 0.0

    static member private Grouped(keys: float[], collection: string) : int[][] =
        let indices = Array.init keys.Length id
        match collection with
        | "ListModule" -> List.groupBy (fun i -> keys[i]) (List.ofArray indices) |> List.map (snd >> Array.ofList) |> Array.ofList
        | "SeqModule" -> Seq.groupBy (fun i -> keys[i]) indices |> Seq.map (snd >> Array.ofSeq) |> Array.ofSeq
        | _ -> Array.groupBy (fun i -> keys[i]) indices |> Array.map snd

    /// <summary>The permutation F#'s own `sortWith` of the given module applies to n elements whose comparer gives
    /// comparisons[a·n + b] for elements a and b: the same function sorts the indices with the same outcomes.</summary>
    static member SortingWith(comparisons: float[], n: int, collection: string) : float[] =
        let indices = Array.init n id
        let comparer (a: int) (b: int) = int comparisons[a * n + b]
        let order =
            match collection with
            | "ListModule" -> List.sortWith comparer (List.ofArray indices) |> Array.ofList
            | "SeqModule" -> Seq.sortWith comparer indices |> Array.ofSeq
            | _ -> Array.sortWith comparer indices
        Array.map float order

    /// <summary>The index each output of F#'s own `permute` of the given module reads, for targets[i] = f(i): F#'s
    /// exception where the targets are not a permutation.</summary>
    static member Permuted(targets: float[], collection: string) : float[] =
        let f (i: int) = int targets[i]
        let indices = Array.init targets.Length id
        match collection with
        | "ListModule" -> List.permute f (List.ofArray indices) |> Array.ofList |> Array.map float
        | "SeqModule" -> Seq.permute f indices |> Array.ofSeq |> Array.map float
        | _ -> Array.permute f indices |> Array.map float

    /// <summary>The indices F#'s own `distinctBy` of the given module keeps, for elements with these keys (the first
    /// of each key, in order).</summary>
    static member DistinctBy(keys: float[], collection: string) : float[] =
        let indices = Array.init keys.Length id
        let kept =
            match collection with
            | "ListModule" -> List.distinctBy (fun i -> keys[i]) (List.ofArray indices) |> Array.ofList
            | "SeqModule" -> Seq.distinctBy (fun i -> keys[i]) indices |> Array.ofSeq
            | _ -> Array.distinctBy (fun i -> keys[i]) indices
        Array.map float kept

    /// <summary>Where F#'s own `splitAt index` of the given module (Array or List; Seq has none) splits `length` elements (its exception where it
    /// throws: an index below 0 or beyond the length).</summary>
    static member SplitAt(index: int, length: int, collection: string) : int =
        let indices = Array.init length id
        match collection with
        | "ListModule" -> List.splitAt index (List.ofArray indices) |> fst |> List.length
        | _ -> Array.splitAt index indices |> fst |> Array.length

    /// <summary>The start of F#'s `Array.sub start count` of `length` elements (its exception for a range outside them).</summary>
    static member Sub(start: int, count: int, length: int) : int =
        Array.sub (Array.zeroCreate<int> length) start count |> ignore
        start

    /// <summary>For each element of the concatenation of rows with these lengths, the row it comes from (F#'s own
    /// `concat` of the rows' index arrays, so a row's elements follow the row before it).</summary>
    static member Owners(lengths: float[]) : float[] =
        lengths |> Array.mapi (fun k n -> Array.create (int n) (float k)) |> Array.concat

    /// <summary>Where each row starts in the concatenation (the running sum of the lengths before it).</summary>
    static member Offsets(lengths: float[]) : float[] =
        Array.scan (+) 0.0 lengths

    /// <summary>How many pairs F#'s own `zip` of the given module makes of collections of these lengths: its
    /// exception where Array's and List's refuse different lengths, the shorter length for Seq's.</summary>
    static member Paired(a: int, b: int, collection: string) : int =
        match collection with
        | "ListModule" -> List.zip (List.replicate a 0) (List.replicate b 0) |> List.length
        | "SeqModule" -> Seq.zip (Array.zeroCreate<int> a) (Array.zeroCreate<int> b) |> Seq.length
        | _ -> Array.zip (Array.zeroCreate<int> a) (Array.zeroCreate<int> b) |> Array.length

    /// <summary>The index F#'s own `removeAt`, `updateAt` or `insertAt` (the function's compiled name) of the given
    /// module accepts for `length` elements: its exception for an index outside them.</summary>
    static member Position(operation: string, index: int, length: int, collection: string) : int =
        let indices = Array.zeroCreate<int> length
        match collection, operation with
        | "ListModule", "RemoveAt" -> List.removeAt index (List.ofArray indices) |> ignore
        | "ListModule", "UpdateAt" -> List.updateAt index 0 (List.ofArray indices) |> ignore
        | "ListModule", _ -> List.insertAt index 0 (List.ofArray indices) |> ignore
        | "SeqModule", "RemoveAt" -> Seq.removeAt index indices |> Seq.length |> ignore
        | "SeqModule", "UpdateAt" -> Seq.updateAt index 0 indices |> Seq.length |> ignore
        | "SeqModule", _ -> Seq.insertAt index 0 indices |> Seq.length |> ignore
        | _, "RemoveAt" -> Array.removeAt index indices |> ignore
        | _, "UpdateAt" -> Array.updateAt index 0 indices |> ignore
        | _ -> Array.insertAt index 0 indices |> ignore
        index

    /// <summary>How many elements F#'s own `replicate count` of the given module makes (its exception for a negative count).</summary>
    static member Replicated(count: int, collection: string) : int =
        match collection with
        | "ListModule" -> List.replicate count 0 |> List.length
        | "SeqModule" -> Seq.replicate count 0 |> Seq.length
        | _ -> Array.replicate count 0 |> Array.length

let private helper = SortPermutation.helperOf typeof<Groups>
let private transposedCall = helper "Transposed"
let private membersCall = helper "Members"
let private startsCall = helper "Starts"
let private sortingWithCall = helper "SortingWith"
let private permutedCall = helper "Permuted"
let private distinctByCall = helper "DistinctBy"
let private splitAtCall = helper "SplitAt"
let private subCall = helper "Sub"
let private pairedCall = helper "Paired"
let private positionCall = helper "Position"
let private replicatedCall = helper "Replicated"

/// `Groups.Position(operation, index, length, collection)` as a quotation.
let position (operation: string) (index: Expr) (length: Expr) (collection: string) : Expr =
    positionCall [ Expr.Value operation; index; length; Expr.Value collection ]

/// `Groups.Replicated(count, collection)` as a quotation.
let replicated (count: Expr) (collection: string) : Expr = replicatedCall [ count; Expr.Value collection ]

/// `Groups.Paired(a, b, collection)` as a quotation.
let paired (a: Expr) (b: Expr) (collection: string) : Expr = pairedCall [ a; b; Expr.Value collection ]
let private ownersCall = helper "Owners"
let private offsetsCall = helper "Offsets"

/// `Groups.Owners(lengths)` as a quotation.
let owners (lengths: Expr) : Expr = ownersCall [ lengths ]

/// `Groups.Offsets(lengths)` as a quotation.
let offsets (lengths: Expr) : Expr = offsetsCall [ lengths ]

/// `Groups.DistinctBy(keys, collection)` as a quotation.
let distinctBy (keys: Expr) (collection: string) : Expr = distinctByCall [ keys; Expr.Value collection ]

/// `Groups.SplitAt(index, length, collection)` as a quotation.
let splitAt (index: Expr) (length: Expr) (collection: string) : Expr = splitAtCall [ index; length; Expr.Value collection ]

/// `Groups.Sub(start, count, length)` as a quotation.
let sub (start: Expr) (count: Expr) (length: Expr) : Expr = subCall [ start; count; length ]

/// `Groups.Transposed(lengths, collection)` as a quotation.
let transposed (lengths: Expr) (collection: string) : Expr = transposedCall [ lengths; Expr.Value collection ]

/// `Groups.Members(keys, collection)` as a quotation.
let members (keys: Expr) (collection: string) : Expr = membersCall [ keys; Expr.Value collection ]

/// `Groups.Starts(keys, collection)` as a quotation.
let starts (keys: Expr) (collection: string) : Expr = startsCall [ keys; Expr.Value collection ]

/// `Groups.SortingWith(comparisons, n, collection)` as a quotation.
let sortingWith (comparisons: Expr) (n: Expr) (collection: string) : Expr = sortingWithCall [ comparisons; n; Expr.Value collection ]

/// `Groups.Permuted(targets, collection)` as a quotation.
let permuted (targets: Expr) (collection: string) : Expr = permutedCall [ targets; Expr.Value collection ]

/// A key as the float the grouping compares.
let keyToFloat (key: Expr) : Expr =
    if key.Type = typeof<int> then <@@ float (%%key: int) @@>
    elif key.Type = typeof<bool> then <@@ if (%%key: bool) then 1.0 else 0.0 @@>
    else key

/// The key of the given type back from its float image (a float key is the value itself, read where it was computed).
let floatToKey (keyType: Type) (image: Expr) : Expr =
    if keyType = typeof<int> then <@@ int (%%image: float) @@>
    elif keyType = typeof<bool> then <@@ (%%image: float) <> 0.0 @@>
    else image

/// `Array.init`/`List.init`/`Seq.init` of the given module, for elements of type t.
let initOf (collection: Type) (t: Type) (count: Expr) (element: Expr -> Expr) : Expr =
    let i = Var("i", typeof<int>)
    Expr.Call(collection.GetMethod("Initialize").MakeGenericMethod [| t |], [ count; Expr.Lambda(i, element (Expr.Var i)) ])

/// Element j of a float row (an array, a list or a sequence), read inside the branches it is chosen by (a row of a
/// literal `[| a; b |]` is an `if` over them), so each read is of one collection.
let rec itemOf (row: Expr) (j: Expr) : Expr =
    match row with
    | Patterns.IfThenElse(test, a, b) -> Expr.IfThenElse(test, itemOf a j, itemOf b j)
    | Patterns.Let(v, value, body) -> Expr.Let(v, value, itemOf body j)
    | _ when row.Type = typeof<float[]> -> <@@ (%%row: float[]).[%%j: int] @@>
    | _ -> <@@ Seq.item (%%j: int) (%%(Expr.Coerce(row, typeof<seq<float>>)): seq<float>) @@>

/// The length of a float row, as itemOf reads it.
let rec lengthOf (row: Expr) : Expr =
    match row with
    | Patterns.IfThenElse(test, a, b) -> Expr.IfThenElse(test, lengthOf a, lengthOf b)
    | Patterns.Let(v, value, body) -> Expr.Let(v, value, lengthOf body)
    | _ when row.Type = typeof<float[]> -> <@@ (%%row: float[]).Length @@>
    | _ -> <@@ Seq.length (%%(Expr.Coerce(row, typeof<seq<float>>)): seq<float>) @@>
