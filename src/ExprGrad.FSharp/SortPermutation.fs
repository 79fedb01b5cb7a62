/// `Array.sort`, `sortBy`, `distinct`, `maxBy` and their kin as permutations or selections: the result is the input
/// read through indices computed from the values (or from keys), so its gradient is the output's adjoints sent
/// back through the same indices. The indices carry no gradient (they are constant wherever the input has no
/// ties); the core is told so once per helper.
module internal ExprGrad.FSharp.SortPermutation

open System
open System.Linq.Expressions
open Microsoft.FSharp.Quotations
open ExprGrad

/// The indices as floats: the core lets a float array computed by a non-differentiable method stand in the
/// program (an int[] would have to carry a gradient), and the reads convert each back to an int, exactly
/// below 2⁵³ elements.
type Indices =
    /// <summary>The indices that sort x (descending when asked), equal values in their input order — so at a tie
    /// the first of the equal outputs takes the adjoint of the first equal input. NaN sorts first, as Array.sort's.</summary>
    static member Sorting(x: float[], descending: bool) : float[] =
        let order = Array.init x.Length id
        let compareValues (a: int) (b: int) = if descending then x[b].CompareTo x[a] else x[a].CompareTo x[b]
        Array.sortInPlaceWith (fun a b -> match compareValues a b with 0 -> compare a b | c -> c) order
        Array.map float order

    /// <summary>The permutation F#'s own `sortBy`/`sortByDescending` of the given module applies to elements with
    /// these keys: the same function sorts the indices by the same keys, and its algorithm moves an item by its
    /// key alone, so at equal keys the order is F#'s (Array.sortBy is unstable, the others stable).</summary>
    static member SortingBy(keys: float[], descending: bool, collection: string) : float[] =
        Indices.SortedBy(keys.Length, (fun i -> keys[i]), descending, collection)

    /// <summary>The permutation F#'s own `sortBy`/`sortByDescending` of the given module applies to n elements
    /// whose keys are byKey i (any type F# compares).</summary>
    static member SortedBy<'K when 'K: comparison>(n: int, byKey: int -> 'K, descending: bool, collection: string) : float[] =
        let indices = Array.init n id
        let order =
            match collection with
            | "ListModule" -> (if descending then List.sortByDescending else List.sortBy) byKey (List.ofArray indices) |> Array.ofList
            | "SeqModule" -> (if descending then Seq.sortByDescending else Seq.sortBy) byKey indices |> Array.ofSeq
            | _ -> (if descending then Array.sortByDescending else Array.sortBy) byKey indices
        Array.map float order

    /// <summary>The indices of the first occurrence of each value, in order, as F#'s `distinct` keeps them (its
    /// own equality: `distinctBy` over the indices compares the same values).</summary>
    static member Distinct(x: float[]) : float[] =
        Array.init x.Length id |> Array.distinctBy (fun i -> x[i]) |> Array.map float

    /// <summary>The indices whose flag is not 0, in order: the elements `filter` keeps (flag 1 where its predicate held).</summary>
    static member Kept(flags: float[]) : float[] =
        Array.init flags.Length id |> Array.filter (fun i -> flags[i] <> 0.0) |> Array.map float

    /// <summary>The indices of the elements `except` keeps: the first occurrence of each value of x that is not
    /// among the excluded values, by F#'s own `except` over the indices keyed by value.</summary>
    static member Except(excluded: float[], x: float[]) : float[] =
        let banned = System.Collections.Generic.HashSet<float>(excluded, HashIdentity.Structural)
        Array.init x.Length id |> Array.distinctBy (fun i -> x[i]) |> Array.filter (fun i -> not (banned.Contains x[i])) |> Array.map float

    /// <summary>How many of `length` elements F#'s own `skip count` of the given module drops (F#'s exception
    /// where it throws: a count beyond the length).</summary>
    static member Skipped(count: int, length: int, collection: string) : float =
        let indices = Array.init length id
        let left =
            match collection with
            | "ListModule" -> List.skip count (List.ofArray indices) |> List.length
            | "SeqModule" -> Seq.skip count indices |> Seq.length
            | _ -> Array.skip count indices |> Array.length
        float (length - left)

    /// <summary>How many of `length` elements F#'s own `take count` of the given module keeps (F#'s exception
    /// where it throws: a negative count, or one beyond the length).</summary>
    static member Taken(count: int, length: int, collection: string) : float =
        let indices = Array.init length id
        match collection with
        | "ListModule" -> List.take count (List.ofArray indices) |> List.length |> float
        | "SeqModule" -> Seq.take count indices |> Seq.length |> float
        | _ -> Array.take count indices |> Array.length |> float

    /// <summary>The count, or F#'s exception for reducing an empty collection.</summary>
    static member NonEmpty(count: int) : int =
        if count = 0 then invalidArg "array" "The input array was empty." else count

    /// <summary>How many parts F#'s `splitInto count` makes of `length` elements (its exception for a count below 1).</summary>
    static member Parts(count: int, length: int) : float =
        Array.splitInto count [| 0 |] |> ignore
        float (min count length)

    /// <summary>How many windows F#'s `windowed size` makes of `length` elements (its exception for a size below 1).</summary>
    static member Windows(size: int, length: int) : float =
        Array.windowed size [| 0 |] |> ignore
        float (max 0 (length - size + 1))

    /// <summary>How many chunks F#'s `chunkBySize size` makes of `length` elements (its exception for a size below 1).</summary>
    static member Chunks(size: int, length: int) : float =
        Array.chunkBySize size [| 0 |] |> ignore
        float ((length + size - 1) / size)

    /// <summary>How many leading elements hold their predicate (flag not 0): what `takeWhile` keeps and
    /// `skipWhile` drops.</summary>
    static member Leading(flags: float[]) : float =
        Array.init flags.Length id |> Array.takeWhile (fun i -> flags[i] <> 0.0) |> Array.length |> float

    /// <summary>The index `maxBy`/`minBy` picks: the first whose key is strictly beyond all before it, as
    /// FSharp.Core's loop keeps the first of equal keys. An empty input throws as F#'s does.</summary>
    static member Best(keys: float[], largest: bool) : float =
        if keys.Length = 0 then invalidArg "array" "The input array was empty."
        let mutable best = 0
        for i in 1 .. keys.Length - 1 do
            if (if largest then keys[i] > keys[best] else keys[i] < keys[best]) then best <- i
        float best

/// A static method of `Indices` (or, with `helperOf`, another type) as a quotation of a call, its
/// non-differentiability registered with the core on first use.
let helperOf (owner: Type) (name: string) =
    let mi = owner.GetMethod(name, Reflection.BindingFlags.Static ||| Reflection.BindingFlags.Public ||| Reflection.BindingFlags.NonPublic)
    let registered =
        lazy
            let ps = mi.GetParameters() |> Array.map (fun p -> Expression.Parameter(p.ParameterType, p.Name))
            Derivatives.NonDifferentiable(Expression.Lambda(Expression.Call(mi, ps |> Array.map (fun p -> p :> Expression)), ps))
    fun (args: Expr list) ->
        registered.Force()
        Expr.Call(mi, args)

let private helper = helperOf typeof<Indices>

let private sortingCall = helper "Sorting"
let private sortingByCall = helper "SortingBy"
let private distinctCall = helper "Distinct"
let private bestCall = helper "Best"
let private keptCall = helper "Kept"
let private exceptCall = helper "Except"
let private skippedCall = helper "Skipped"
let private takenCall = helper "Taken"
let private leadingCall = helper "Leading"
let private windowsCall = helper "Windows"
let private partsCall = helper "Parts"
let private chunksCall = helper "Chunks"

/// `Indices.Sorting(x, descending)` as a quotation.
let indices (x: Expr) (descending: bool) : Expr = sortingCall [ x; Expr.Value descending ]

/// `Indices.SortingBy(keys, descending, collection)` as a quotation.
let indicesBy (keys: Expr) (descending: bool) (collection: string) : Expr = sortingByCall [ keys; Expr.Value descending; Expr.Value collection ]

/// `Indices.Distinct(x)` as a quotation.
let distinct (x: Expr) : Expr = distinctCall [ x ]

/// `Indices.Best(keys, largest)` as a quotation.
let best (keys: Expr) (largest: bool) : Expr = bestCall [ keys; Expr.Value largest ]

/// `Indices.Kept(flags)` as a quotation.
let kept (flags: Expr) : Expr = keptCall [ flags ]

/// `Indices.Except(excluded, x)` as a quotation.
let except (excluded: Expr) (x: Expr) : Expr = exceptCall [ excluded; x ]

/// `Indices.Skipped(count, length, collection)` as a quotation.
let skipped (count: Expr) (length: Expr) (collection: string) : Expr = skippedCall [ count; length; Expr.Value collection ]

/// `Indices.Taken(count, length, collection)` as a quotation.
let taken (count: Expr) (length: Expr) (collection: string) : Expr = takenCall [ count; length; Expr.Value collection ]

/// `Indices.Leading(flags)` as a quotation.
let leading (flags: Expr) : Expr = leadingCall [ flags ]

/// `Indices.Windows(size, length)` as a quotation.
let windows (size: Expr) (length: Expr) : Expr = windowsCall [ size; length ]

/// `Indices.Chunks(size, length)` as a quotation.
let chunks (size: Expr) (length: Expr) : Expr = chunksCall [ size; length ]

/// `Indices.Parts(count, length)` as a quotation.
let parts (count: Expr) (length: Expr) : Expr = partsCall [ count; length ]
