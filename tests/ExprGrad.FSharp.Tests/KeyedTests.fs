/// `groupBy`, `countBy`, `distinctBy`, `sortBy`, `sortByDescending`, `maxBy` and `minBy` with a key of another
/// type than float (a string, a tuple of ints, bools, floats and strings, an int) (issue 15): F#'s own function runs
/// with the user's key over the indices, so equality, order and ties are F#'s; the keys carry no gradient, the
/// values read through the indices do. Each gradient is compiled once and called at lengths 1 to 6.
module ExprGrad.FSharp.Tests.KeyedTests

open Xunit
open FsCheck.Xunit
open ExprGrad.FSharp
open ExprGrad.FSharp.Tests.Support

let private label (v: float) = if v > 0.3 then "high" elif v > -0.3 then "mid" else "low"
let private byLabel = grad <@ fun (x: float[]) -> x |> Array.groupBy (fun v -> if v > 0.3 then "high" elif v > -0.3 then "mid" else "low") |> Array.sumBy (fun (k, g) -> float k.Length * Array.sum g * Array.sum g) @>
let private byPair = grad <@ fun (x: float list) -> x |> List.countBy (fun v -> (v > 0.0, int (floor (2.0 * v)))) |> List.sumBy (fun ((positive, _), c) -> if positive then float c else 0.0) |> (*) (List.sumBy (fun v -> v * v) x) @>
let private distinctLabels = grad <@ fun (x: float[]) -> Array.distinctBy (fun v -> if v > 0.3 then "high" elif v > -0.3 then "mid" else "low") x |> Array.mapi (fun j v -> float (j + 1) * v * v) |> Array.sum @>

[<Property(MaxTest = 200, Replay = "(20261129,223)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``groupBy, countBy and distinctBy with string and tuple keys send each group's adjoints to its members`` (Vector x) =
    let n = x.Length
    // Σ over groups of |k|·(Σ g)²: ∂/∂xᵢ = 2·|label xᵢ|·Σ(group of xᵢ).
    let groupSum i = x |> Array.filter (fun v -> label v = label x[i]) |> Array.sum
    assertClose $"groupBy string at %A{x}" (Array.init n (fun i -> 2.0 * float (label x[i]).Length * groupSum i)) (byLabel x)
    // p·Σx², p the number of positive elements (the counts of the (true, _) groups): 2p·xᵢ.
    let p = x |> Array.filter (fun v -> v > 0.0) |> Array.length |> float
    assertClose $"countBy tuple at %A{x}" (x |> Array.map (fun v -> 2.0 * p * v)) (byPair (List.ofArray x) |> Array.ofList)
    // The first element of each label, in order of first occurrence, weighted by its place: 2(place+1)xᵢ, 0 for the rest.
    let firsts = x |> Array.indexed |> Array.distinctBy (fun (_, v) -> label v) |> Array.map fst
    let expected = Array.init n (fun i -> match Array.tryFindIndex ((=) i) firsts with Some place -> 2.0 * float (place + 1) * x[i] | None -> 0.0)
    assertClose $"distinctBy string at %A{x}" expected (distinctLabels x)

let private sortedByText = grad <@ fun (x: float[]) -> x |> Array.sortBy (fun v -> string (round (10.0 * v))) |> Array.mapi (fun j v -> float (j + 1) * v) |> Array.sum @>
let private sortedByTuple = grad <@ fun (x: float list) -> x |> List.sortByDescending (fun v -> (v > 0.0, -v)) |> List.mapi (fun j v -> float (j + 1) * v * v) |> List.sum @>
let private sortedByInt = grad <@ fun (x: float[]) -> x |> Seq.sortBy (fun v -> int (floor (4.0 * v))) |> Seq.mapi (fun j v -> float (j + 1) * sin v) |> Seq.sum @>

[<Property(MaxTest = 200, Replay = "(20261129,227)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``sortBy with string, tuple and int keys puts each element where F#'s own sortBy does`` (Vector x) =
    let n = x.Length
    // The slot of xᵢ is where F#'s own sort of the indices puts i (so ties are F#'s, whatever its algorithm).
    let slots (order: int[]) = Array.init n (fun i -> Array.findIndex ((=) i) order)
    let text = slots (Array.sortBy (fun i -> string (round (10.0 * x[i]))) [| 0 .. n - 1 |])
    assertClose $"string key at %A{x}" (Array.init n (fun i -> float (text[i] + 1))) (sortedByText x)
    let tuple = slots (List.sortByDescending (fun i -> (x[i] > 0.0, -x[i])) [ 0 .. n - 1 ] |> Array.ofList)
    assertClose $"tuple key at %A{x}" (Array.init n (fun i -> 2.0 * float (tuple[i] + 1) * x[i])) (sortedByTuple (List.ofArray x) |> Array.ofList)
    let ints = slots (Seq.sortBy (fun i -> int (floor (4.0 * x[i]))) [| 0 .. n - 1 |] |> Array.ofSeq)
    assertClose $"int key at %A{x}" (Array.init n (fun i -> float (ints[i] + 1) * cos x[i])) (sortedByInt x)

let private extremes = grad <@ fun (x: float[]) -> Array.maxBy (fun v -> string v) x * 3.0 + List.minBy (fun v -> (abs v > 0.5, v)) (List.ofArray x) @>

[<Property(MaxTest = 100, Replay = "(20261129,229)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``maxBy and minBy with string and tuple keys pick the element F#'s own function picks`` (Vector x) =
    let n = x.Length
    let best = Array.maxBy (fun i -> string x[i]) [| 0 .. n - 1 |]
    let least = List.minBy (fun i -> (abs x[i] > 0.5, x[i])) [ 0 .. n - 1 ]
    // 3·x_best + x_least.
    let expected = Array.init n (fun i -> (if i = best then 3.0 else 0.0) + (if i = least then 1.0 else 0.0))
    assertClose $"at %A{x}" expected (extremes x)

[<Fact>]
let ``a string key over an index range, and its key read back in the group's function`` () =
    // Indices 0..3 of (1, 2, 3, 4) as "even"/"odd": weight 1 for "even", 2 for "odd" on Σ x[i]²: (2, 8, 6, 16).
    let g = grad <@ fun (x: float[]) -> [| 0 .. x.Length - 1 |] |> Array.groupBy (fun i -> if i % 2 = 0 then "even" else "odd") |> Array.sumBy (fun (k, g) -> (if k = "even" then 1.0 else 2.0) * Array.sumBy (fun i -> x[i] * x[i]) g) @>
    Assert.Equal<float[]>([| 2.0; 8.0; 6.0; 16.0 |], g [| 1.0; 2.0; 3.0; 4.0 |])
    // A tuple key taken apart in the group's function: (x > 0, "a") → 2 for the positive group, 3 for the other.
    let h = grad <@ fun (x: float[]) -> x |> Array.groupBy (fun v -> (v > 0.0, "a")) |> Array.sumBy (fun ((p, _), g) -> (if p then 2.0 else 3.0) * Array.sum g) @>
    Assert.Equal<float[]>([| 2.0; 3.0; 2.0 |], h [| 0.5; -1.5; 2.0 |])
    Assert.True((gradcheck <@ fun (x: float[]) -> x |> Array.groupBy (fun v -> string (round (2.0 * v))) |> Array.sumBy (fun (_, g) -> Array.sum g * Array.sum g) @> [| 0.3; -0.7; 1.1; 0.45 |]).Passed)
