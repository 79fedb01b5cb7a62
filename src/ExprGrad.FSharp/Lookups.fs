/// `find`, `pick`, `exactlyOne`, `insertManyAt`, `removeManyAt`, `fill` and `blit` as indices or checks F#'s own
/// function computes over index arrays when the gradient runs (so its exceptions are F#'s); the values are then
/// read at those indices and carry the gradient, the choice does not.
module internal ExprGrad.FSharp.Lookups

open Microsoft.FSharp.Quotations

/// The runtime half: F#'s own functions applied to indices, from flags or lengths the compiled program computed.
type Found =
    /// <summary>The index F#'s own `findIndex` (or `findIndexBack`) of the given module returns for elements whose
    /// predicate held where flags[i] is not 0: its KeyNotFoundException where none held.</summary>
    static member Index(flags: float[], fromBack: bool, collection: string) : int =
        let holds (i: int) = flags[i] <> 0.0
        let indices = Array.init flags.Length id
        match collection with
        | "ListModule" -> (if fromBack then List.findIndexBack else List.findIndex) holds (List.ofArray indices)
        | "SeqModule" -> (if fromBack then Seq.findIndexBack else Seq.findIndex) holds indices
        | _ -> (if fromBack then Array.findIndexBack else Array.findIndex) holds indices

    /// <summary>The index of the one element F#'s own `exactlyOne` of the given module accepts: its ArgumentException
    /// for any other count.</summary>
    static member Single(length: int, collection: string) : int =
        let indices = Array.init length id
        match collection with
        | "ListModule" -> List.exactlyOne (List.ofArray indices)
        | "SeqModule" -> Seq.exactlyOne indices
        | _ -> Array.exactlyOne indices

    /// <summary>The index F#'s own `insertManyAt index` (inserting `count` values) or `removeManyAt index count` of
    /// the given module accepts for `length` elements: its exception for a range outside them.</summary>
    static member ManyAt(insert: bool, index: int, count: int, length: int, collection: string) : int =
        let indices = Array.zeroCreate<int> length
        let values = Array.zeroCreate<int> count
        match collection, insert with
        | "ListModule", true -> List.insertManyAt index values (List.ofArray indices) |> ignore
        | "ListModule", false -> List.removeManyAt index count (List.ofArray indices) |> ignore
        | "SeqModule", true -> Seq.insertManyAt index values indices |> Seq.length |> ignore
        | "SeqModule", false -> Seq.removeManyAt index count indices |> Seq.length |> ignore
        | _, true -> Array.insertManyAt index values indices |> ignore
        | _, false -> Array.removeManyAt index count indices |> ignore
        index

    /// <summary>The start F#'s own `Array.fill` accepts for `count` elements of an array of `length`: its exception otherwise.</summary>
    static member Filled(start: int, count: int, length: int) : int =
        Array.fill (Array.zeroCreate<int> length) start count 0
        start

    /// <summary>The count F#'s own `Array.blit` accepts between arrays of these lengths: its exception otherwise.</summary>
    static member Blitted(sourceLength: int, sourceStart: int, targetLength: int, targetStart: int, count: int) : int =
        Array.blit (Array.zeroCreate<int> sourceLength) sourceStart (Array.zeroCreate<int> targetLength) targetStart count
        count

    /// <summary>How many elements F#'s own `unfold` of the given module makes from this state, at most `limit`
    /// (Seq's under take or truncate, which stop asking): the generator as its verdict (not 0: Some) and next state.</summary>
    static member Unfolded(initial: float, verdict: float -> float, next: float -> float, limit: int, collection: string) : int =
        let generator (state: float) = if verdict state <> 0.0 then Some((), next state) else None
        match collection with
        | "ListModule" -> List.unfold generator initial |> List.length
        | "SeqModule" -> Seq.unfold generator initial |> Seq.truncate limit |> Seq.length
        | _ -> Array.unfold generator initial |> Array.length

    /// <summary>The length of `Seq.initInfinite`, asked for by a reader other than `Seq.take`/`truncate` in place
    /// (F# would run forever): an exception saying so instead.</summary>
    static member Endless() : int =
        invalidOp "Seq.initInfinite is endless: reading it whole (a sum, a fold, a length) never ends in F#. Bound it where it is made with Seq.take n or Seq.truncate n, or write Seq.init n f."

    /// <summary>The rows F#'s own `Array2D.blit` accepts between matrices of these shapes: its exception otherwise.</summary>
    static member Blitted2D(sourceRows: int, sourceColumns: int, i0: int, j0: int, targetRows: int, targetColumns: int, k0: int, l0: int, rows: int, columns: int) : int =
        Array2D.blit (Array2D.zeroCreate<int> sourceRows sourceColumns) i0 j0 (Array2D.zeroCreate<int> targetRows targetColumns) k0 l0 rows columns
        rows

let private helper = SortPermutation.helperOf typeof<Found>
let private indexCall = helper "Index"
let private singleCall = helper "Single"
let private manyAtCall = helper "ManyAt"
let private filledCall = helper "Filled"
let private blittedCall = helper "Blitted"
let private unfoldedCall = helper "Unfolded"
let private endlessCall = helper "Endless"
let private blitted2DCall = helper "Blitted2D"

/// `Found.Blitted2D(…)` for these matrices as a quotation: the rows, once F#'s own check has passed.
let blitted2D (source: Expr) (i0: Expr) (j0: Expr) (target: Expr) (k0: Expr) (l0: Expr) (rows: Expr) (columns: Expr) : Expr =
    let length1 (m: Expr) = <@@ Array2D.length1 (%%m: float[,]) @@>
    let length2 (m: Expr) = <@@ Array2D.length2 (%%m: float[,]) @@>
    blitted2DCall [ length1 source; length2 source; i0; j0; length1 target; length2 target; k0; l0; rows; columns ]

/// `Found.Endless()` as a quotation.
let endless () : Expr = endlessCall []

/// `Found.Unfolded(initial, verdict, next, limit, collection)` as a quotation.
let unfolded (initial: Expr) (verdict: Expr) (next: Expr) (limit: Expr) (collection: string) : Expr =
    unfoldedCall [ initial; verdict; next; limit; Expr.Value collection ]

/// `Found.Index(flags, fromBack, collection)` as a quotation.
let index (flags: Expr) (fromBack: bool) (collection: string) : Expr = indexCall [ flags; Expr.Value fromBack; Expr.Value collection ]

/// `Found.Single(length, collection)` as a quotation.
let single (length: Expr) (collection: string) : Expr = singleCall [ length; Expr.Value collection ]

/// `Found.ManyAt(insert, index, count, length, collection)` as a quotation.
let manyAt (insert: bool) (index: Expr) (count: Expr) (length: Expr) (collection: string) : Expr =
    manyAtCall [ Expr.Value insert; index; count; length; Expr.Value collection ]

/// `Found.Filled(start, count, length)` as a quotation.
let filled (start: Expr) (count: Expr) (length: Expr) : Expr = filledCall [ start; count; length ]

/// `Found.Blitted(sourceLength, sourceStart, targetLength, targetStart, count)` as a quotation.
let blitted (sourceLength: Expr) (sourceStart: Expr) (targetLength: Expr) (targetStart: Expr) (count: Expr) : Expr =
    blittedCall [ sourceLength; sourceStart; targetLength; targetStart; count ]
