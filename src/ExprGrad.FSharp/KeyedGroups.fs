/// Grouping, distinct and sorting keys of any type F# compares (a string, a tuple of ints, bools, floats or
/// strings, an int for `sortBy`): the user's key function runs in F#'s own function over the indices when the
/// gradient runs, so equality, order and ties are F#'s. The keys carry no gradient (only a float has one); the
/// values are read at the indices and carry it.
module internal ExprGrad.FSharp.KeyedGroups

open System
open System.Collections.Concurrent
open System.Collections.Generic
open System.Linq.Expressions
open Microsoft.FSharp.Quotations
open ExprGrad

/// The runtime half, generic in the key type; each instantiation is told to the core as non-differentiable.
type Keyed =
    /// <summary>For each element, the index of the first element whose key equals its own (F#'s structural
    /// equality, as `groupBy`, `countBy` and `distinctBy` use): equal keys get equal ids, first occurrences keep their order.</summary>
    static member Ids<'K when 'K: equality>(values: float[], key: float -> 'K) : float[] =
        let first = Dictionary<'K, int>(HashIdentity.Structural)
        values |> Array.mapi (fun i v ->
            let k = key v
            match first.TryGetValue k with
            | true, f -> float f
            | _ -> first[k] <- i; float i)

    /// <summary>The permutation F#'s own `sortBy`/`sortByDescending` of the given module applies to these values
    /// under this key: the same function with the same key sorts the indices.</summary>
    static member SortingBy<'K when 'K: comparison>(values: float[], key: float -> 'K, descending: bool, collection: string) : float[] =
        SortPermutation.Indices.SortedBy(values.Length, (fun i -> key values[i]), descending, collection)

    /// <summary>The index F#'s own `maxBy`/`minBy` of the given module picks for these values under this key (the
    /// first of equal keys; its exception for an empty input).</summary>
    static member Best<'K when 'K: comparison>(values: float[], key: float -> 'K, largest: bool, collection: string) : int =
        let indices = Array.init values.Length id
        let byKey (i: int) = key values[i]
        match collection with
        | "ListModule" -> (if largest then List.maxBy else List.minBy) byKey (List.ofArray indices)
        | "SeqModule" -> (if largest then Seq.maxBy else Seq.minBy) byKey indices
        | _ -> (if largest then Array.maxBy else Array.minBy) byKey indices

let private registered = ConcurrentDictionary<Reflection.MethodInfo, unit>()

/// A call of the instantiation of a Keyed method for this key type, registered with the core on first use.
let private call (name: string) (keyType: Type) (args: Expr list) : Expr =
    let mi = typeof<Keyed>.GetMethod(name, Reflection.BindingFlags.Static ||| Reflection.BindingFlags.Public ||| Reflection.BindingFlags.NonPublic).MakeGenericMethod [| keyType |]
    registered.GetOrAdd(mi, fun mi ->
        let ps = mi.GetParameters() |> Array.map (fun p -> Expression.Parameter(p.ParameterType, p.Name))
        Derivatives.NonDifferentiable(Expression.Lambda(Expression.Call(mi, ps |> Array.map (fun p -> p :> Expression)), ps)) |> ignore)
    Expr.Call(mi, args)

let private stopGradient = typeof<Ops>.GetMethod("StopGradient", [| typeof<float> |])

/// The key of an element computed in the program (a group's key, from its first member), from the element with
/// its gradient stopped: a string or a tuple has no derivative, so nothing should flow into it.
let constantKey (apply: Expr -> Expr -> Expr) (key: Expr) (element: Expr) : Expr =
    if element.Type = typeof<float> then apply key (Expr.Call(stopGradient, [ element ])) else apply key element

/// Whether elements of this type have a float image the key function can be given back from (a float, or an
/// int of an index range).
let hasImage (elementType: Type) = elementType = typeof<float> || elementType = typeof<int>

/// An element as its float image.
let image (element: Expr) : Expr =
    if element.Type = typeof<int> then <@@ float (%%element: int) @@> else element

/// The key function over float images: `fun v -> key v` (`key (int v)` for int elements).
let private overImages (apply: Expr -> Expr -> Expr) (key: Expr) (elementType: Type) : Expr =
    let v = Var("v", typeof<float>)
    let element = if elementType = typeof<int> then <@@ int (%%(Expr.Var v): float) @@> else Expr.Var v
    Expr.Lambda(v, apply key element)

/// `Keyed.Ids(values, key)` as a quotation: float ids standing for the keys in equality.
let ids (apply: Expr -> Expr -> Expr) (key: Expr) (elementType: Type) (keyType: Type) (values: Expr) : Expr =
    call "Ids" keyType [ values; overImages apply key elementType ]

/// `Keyed.SortingBy(values, key, descending, collection)` as a quotation.
let sortingBy (apply: Expr -> Expr -> Expr) (key: Expr) (elementType: Type) (keyType: Type) (values: Expr) (descending: bool) (collection: string) : Expr =
    call "SortingBy" keyType [ values; overImages apply key elementType; Expr.Value descending; Expr.Value collection ]

/// `Keyed.Best(values, key, largest, collection)` as a quotation.
let best (apply: Expr -> Expr -> Expr) (key: Expr) (elementType: Type) (keyType: Type) (values: Expr) (largest: bool) (collection: string) : Expr =
    call "Best" keyType [ values; overImages apply key elementType; Expr.Value largest; Expr.Value collection ]
