/// `transpose`, `Array2D.init`, `List.permute`/`Seq.permute`, `groupBy`, `countBy` and `sortWith` (issue 15): the
/// values flow through reads at indices F#'s own function computes when the gradient runs; the grouping or order has
/// no gradient. Each compiled gradient is called at every length the generator gives (1 to 6). Expected values by
/// hand (in the comments) or by central differences of the same F# code run plainly.
module ExprGrad.FSharp.Tests.RegroupTests

open Xunit
open FsCheck.Xunit
open ExprGrad.FSharp
open ExprGrad.FSharp.Tests.Support

let private ofLiteral = grad <@ fun (x: float[]) -> Array.transpose [| x; Array.map sin x |] |> Array.mapi (fun j c -> float (j + 1) * c[0] * c[1]) |> Array.sum @>
let private ofInit = grad <@ fun (x: float[]) -> Array.init 3 (fun i -> Array.map (fun v -> v * float (i + 1) + cos v) x) |> Array.transpose |> Array.sumBy (fun c -> Array.sum c * c[2]) @>
let private ofLists = grad <@ fun (x: float list) -> [ x; List.map cos x ] |> List.transpose |> List.sumBy (fun c -> List.head c * List.last c) @>
let private ofSeqs = grad <@ fun (x: float[]) -> Seq.transpose [ x; Array.map exp x ] |> Seq.sumBy (fun c -> Seq.sum c ** 2.0) @>

[<Property(MaxTest = 100, Replay = "(20261129,101)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``transpose of arrays, lists and sequences of every length matches its closed form and central differences`` (Vector x) =
    // Σⱼ (j+1)·xⱼ·sin xⱼ: ∂/∂xⱼ = (j+1)(sin xⱼ + xⱼ cos xⱼ).
    assertClose $"literal at %A{x}" (Array.init x.Length (fun j -> float (j + 1) * (sin x[j] + x[j] * cos x[j]))) (ofLiteral x)
    // Column j is (x + c, 2x + c, 3x + c), c = cos xⱼ: (6x + 3c)(3x + c) → ∂ = (6 − 3 sin x)(3x + c) + (6x + 3c)(3 − sin x).
    let expected = x |> Array.map (fun v -> (6.0 - 3.0 * sin v) * (3.0 * v + cos v) + (6.0 * v + 3.0 * cos v) * (3.0 - sin v))
    assertClose $"init at %A{x}" expected (ofInit x)
    assertClose $"central differences of init at %A{x}" (numericGradient (fun x -> Array.init 3 (fun i -> Array.map (fun v -> v * float (i + 1) + cos v) x) |> Array.transpose |> Array.sumBy (fun c -> Array.sum c * c[2])) x) (ofInit x)
    // Σ xⱼ cos xⱼ.
    assertClose $"lists at %A{x}" (x |> Array.map (fun v -> cos v - v * sin v)) (ofLists (List.ofArray x) |> Array.ofList)
    // Σ (xⱼ + e^xⱼ)²: ∂ = 2(x + eˣ)(1 + eˣ).
    assertClose $"sequences at %A{x}" (x |> Array.map (fun v -> 2.0 * (v + exp v) * (1.0 + exp v))) (ofSeqs x)

[<Fact>]
let ``transpose of rows of different lengths throws as F#'s, and of no rows is empty`` () =
    let fsharps = (Assert.ThrowsAny<exn>(fun () -> Array.transpose [| [| 1.0; 2.0 |]; [| 1.0 |] |] |> ignore)).GetType()
    Assert.Throws(fsharps, fun () -> grad <@ fun (x: float[]) -> Array.transpose [| x; x[1..] |] |> Array.sumBy Array.sum @> [| 1.0; 2.0 |] |> ignore) |> ignore
    // No rows: no columns, so only x₀² counts.
    Assert.Equal<float[]>([| 6.0; 0.0 |], grad <@ fun (x: float[]) -> x[0] * x[0] + (Array.init 0 (fun _ -> x) |> Array.transpose |> Array.sumBy Array.sum) @> [| 3.0; 4.0 |])

let private chunkColumns = grad <@ fun (x: float[]) -> Array.chunkBySize 2 x |> Array.transpose |> Array.mapi (fun j c -> float (j + 1) * Array.sum c * Array.sum c) |> Array.sum @>

[<Fact>]
let ``transpose of chunks reads each column from the chunks, at every length F#'s transpose accepts`` () =
    // (1, 2, 3, 4): chunks (1, 2), (3, 4), columns (1, 3) and (2, 4): 1·4² + 2·6² → 2·4 for x₀, x₂ and 2·2·6 for x₁, x₃.
    Assert.Equal<float[]>([| 8.0; 24.0; 8.0; 24.0 |], chunkColumns [| 1.0; 2.0; 3.0; 4.0 |])
    // Six elements: columns (1, 3, 5) and (2, 4, 6), sums 9 and 12: 2·9 = 18 and 2·2·12 = 48.
    Assert.Equal<float[]>([| 18.0; 48.0; 18.0; 48.0; 18.0; 48.0 |], chunkColumns [| 1.0 .. 6.0 |])
    // Three elements make chunks of lengths 2 and 1, which F#'s transpose refuses.
    let fsharps = (Assert.ThrowsAny<exn>(fun () -> Array.transpose (Array.chunkBySize 2 [| 1.0; 2.0; 3.0 |]) |> ignore)).GetType()
    Assert.Throws(fsharps, fun () -> chunkColumns [| 1.0; 2.0; 3.0 |] |> ignore) |> ignore

let private transposedMatrix =
    grad <@ fun (x: float[]) ->
        let m = Array2D.init 2 x.Length (fun i j -> x[j] * float (i + 1))
        let t = Array2D.init x.Length 2 (fun i j -> m[j, i])
        let mutable s = 0.0
        for i in 0 .. x.Length - 1 do
            for j in 0 .. 1 do
                s <- s + float (i + j + 1) * sin t[i, j]
        s @>

[<Property(MaxTest = 100, Replay = "(20261129,103)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``Array2D.init with transposed reads matches its closed form`` (Vector x) =
    // t[i, j] = (j+1)·xᵢ: s = Σᵢ (i+1) sin xᵢ + (i+2) sin 2xᵢ, ∂/∂xᵢ = (i+1) cos xᵢ + 2(i+2) cos 2xᵢ.
    assertClose $"at %A{x}" (Array.init x.Length (fun i -> float (i + 1) * cos x[i] + 2.0 * float (i + 2) * cos (2.0 * x[i]))) (transposedMatrix x)

let private listPermuted = grad <@ fun (x: float list) -> List.permute (fun i -> (i + 1) % x.Length) x |> List.mapi (fun j v -> float (j + 1) * v * v) |> List.sum @>
let private seqPermuted = grad <@ fun (x: float[]) -> Seq.permute (fun i -> x.Length - 1 - i) x |> Seq.mapi (fun j v -> float (j + 1) * sin v) |> Seq.sum @>

[<Property(MaxTest = 100, Replay = "(20261129,107)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``List.permute and Seq.permute send each slot's adjoint to the element moved into it`` (Vector x) =
    let n = x.Length
    // xᵢ lands in slot (i+1) mod n, weight that slot + 1: 2xᵢ·((i+1) mod n + 1).
    assertClose $"List at %A{x}" (Array.init n (fun i -> 2.0 * x[i] * float ((i + 1) % n + 1))) (listPermuted (List.ofArray x) |> Array.ofList)
    // Reversal: xᵢ in slot n−1−i, ∂ = (n − i) cos xᵢ.
    assertClose $"Seq at %A{x}" (Array.init n (fun i -> float (n - i) * cos x[i])) (seqPermuted x)

[<Fact>]
let ``List.permute of a non-permutation throws as F#'s`` () =
    let fsharps = (Assert.ThrowsAny<exn>(fun () -> List.permute (fun _ -> 0) [ 1.0; 2.0 ] |> ignore)).GetType()
    Assert.Throws(fsharps, fun () -> grad <@ fun (x: float list) -> List.permute (fun _ -> 0) x |> List.sum @> [ 1.0; 2.0 ] |> ignore) |> ignore

let private bin (v: float) = int (floor (3.0 * v))
let private byBin = grad <@ fun (x: float[]) -> x |> Array.groupBy (fun v -> int (floor (3.0 * v))) |> Array.sumBy (fun (k, g) -> float k * Array.sumBy (fun v -> v * v) g + Array.average g) @>
let private bySign = grad <@ fun (x: float list) -> x |> List.groupBy (fun v -> v > 0.0) |> List.map (fun (positive, g) -> (if positive then 2.0 else 3.0) * List.sum g * List.sum g) |> List.sum @>
let private byValue = grad <@ fun (x: float[]) -> Seq.groupBy (fun v -> v) x |> Seq.sumBy (fun (k, g) -> k * k * float (Seq.length g)) @>

[<Property(MaxTest = 200, Replay = "(20261129,109)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``groupBy sends each group's adjoints to its members, whatever the number and size of the groups`` (Vector x) =
    let n = x.Length
    // Group of xᵢ = the indices with the same bin: ∂/∂xᵢ = 2·bin(xᵢ)·xᵢ + 1/|group|.
    let size i = x |> Array.filter (fun v -> bin v = bin x[i]) |> Array.length
    assertClose $"Array by bin at %A{x}" (Array.init n (fun i -> 2.0 * float (bin x[i]) * x[i] + 1.0 / float (size i))) (byBin x)
    // c·(Σ group)², c = 2 for the positive group and 3 for the rest: ∂/∂xᵢ = 2c·Σ(group of xᵢ).
    let groupSum i = x |> Array.filter (fun v -> (v > 0.0) = (x[i] > 0.0)) |> Array.sum
    assertClose $"List by sign at %A{x}" (Array.init n (fun i -> 2.0 * (if x[i] > 0.0 then 2.0 else 3.0) * groupSum i)) (bySign (List.ofArray x) |> Array.ofList)
    // A float key is the value of the group's first member, and carries its derivative: k²·|group|, distinct values → 2xᵢ.
    if Array.distinct x = x then assertClose $"Seq by value at %A{x}" (Array.map (fun v -> 2.0 * v) x) (byValue x)

[<Fact>]
let ``groupBy keys of equal values: the key is the first member's, so the first one takes its adjoint`` () =
    // (2, 5, 2): groups 2 → (x₀, x₂), 5 → (x₁); Σ k²·|g| = 2x₀² + x₁² → (8, 10, 0).
    Assert.Equal<float[]>([| 8.0; 10.0; 0.0 |], grad <@ fun (x: float[]) -> Array.groupBy (fun v -> v) x |> Array.sumBy (fun (k, g) -> k * k * float g.Length) @> [| 2.0; 5.0; 2.0 |])

let private counted = grad <@ fun (x: float[]) -> let positives = x |> Array.countBy (fun v -> v > 0.0) |> Array.sumBy (fun (k, c) -> if k then float c else 0.0) in positives * Array.sumBy (fun v -> v * v) x @>

[<Property(MaxTest = 100, Replay = "(20261129,113)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``countBy's counts carry no gradient, the values beside them do`` (Vector x) =
    // p·Σx², p the number of positive elements: ∂/∂xᵢ = 2p·xᵢ.
    let p = x |> Array.filter (fun v -> v > 0.0) |> Array.length |> float
    assertClose $"at %A{x}" (x |> Array.map (fun v -> 2.0 * p * v)) (counted x)

[<Fact>]
let ``countBy and groupBy over an index range read the inputs the indices pick`` () =
    // Indices 0..3 of (1, 2, 3, 4) by parity: even (0, 2), odd (1, 3); Σ over groups of (Σ x[i])² → 2(x₀ + x₂), 2(x₁ + x₃) = (8, 12, 8, 12).
    Assert.Equal<float[]>([| 8.0; 12.0; 8.0; 12.0 |], grad <@ fun (x: float[]) -> [| 0 .. x.Length - 1 |] |> Array.groupBy (fun i -> i % 2) |> Array.sumBy (fun (_, g) -> let s = Array.sumBy (fun i -> x[i]) g in s * s) @> [| 1.0; 2.0; 3.0; 4.0 |])
    // Two groups, each counted: 2·Σx → (2, 2).
    Assert.Equal<float[]>([| 2.0; 2.0 |], grad <@ fun (x: float[]) -> float (Array.length (Array.countBy (fun v -> v > 1.5) x)) * Array.sum x @> [| 1.0; 2.0 |])

let private byMagnitude = grad <@ fun (x: float[]) -> Array.sortWith (fun a b -> compare (abs a) (abs b)) x |> Array.mapi (fun j v -> float (j + 1) * v) |> Array.sum @>
let private listDescending = grad <@ fun (x: float list) -> List.sortWith (fun a b -> compare b a) x |> List.mapi (fun j v -> float (j + 1) * v * v) |> List.sum @>

[<Property(MaxTest = 200, Replay = "(20261129,127)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``sortWith sends each slot's adjoint to the element F#'s stable sort puts there`` (Vector x) =
    let n = x.Length
    // Slot of xᵢ = how many compare below it, plus the equal ones before it (stable).
    let slot (key: float -> float) i = Seq.length (seq { for j in 0 .. n - 1 do if key x[j] < key x[i] || (key x[j] = key x[i] && j < i) then yield j })
    assertClose $"by magnitude at %A{x}" (Array.init n (fun i -> float (slot abs i + 1))) (byMagnitude x)
    assertClose $"descending list at %A{x}" (Array.init n (fun i -> 2.0 * x[i] * float (slot (fun v -> -v) i + 1))) (listDescending (List.ofArray x) |> Array.ofList)

[<Fact>]
let ``a grouping key over elements of another type is named, with what works`` () =
    // A string key works over floats (KeyedTests); over pairs there is no float image to give the key function back.
    rejects "grouping key of type String over elements of type Tuple`2 in 'Array.groupBy'" (fun () -> box (grad <@ fun (x: float[]) -> Array.zip x x |> Array.groupBy (fun (a, _) -> string a) |> Array.sumBy (fun (_, g) -> float g.Length) |> (*) x[0] @>))

let private distinctBins = grad <@ fun (x: float[]) -> Array.distinctBy (fun v -> int (floor (2.0 * v))) x |> Array.mapi (fun j v -> float (j + 1) * v * v) |> Array.sum @>
let private indexedSines = grad <@ fun (x: float[]) -> Array.indexed x |> Array.sumBy (fun (i, v) -> float (i + 1) * sin v) @>
let private pairs = grad <@ fun (x: float list) -> List.allPairs x x |> List.sumBy (fun (a, b) -> a * b * b) @>
let private split = grad <@ fun (x: float[]) -> let a, b = Array.splitAt 1 x in Array.sum a * Array.sumBy (fun v -> v * v) b @>
let private firstHalf = grad <@ fun (x: float[]) -> Array.sub x (x.Length / 2) (x.Length - x.Length / 2) |> Array.sumBy (fun v -> v * v * v) @>

[<Property(MaxTest = 100, Replay = "(20261129,131)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``distinctBy, indexed, allPairs, splitAt and sub read the elements they keep, at every length`` (Vector x) =
    let n = x.Length
    // distinctBy keeps the first element of each bin ⌊2v⌋; the k-th kept one (k from 1) contributes k·v².
    let bin (v: float) = int (floor (2.0 * v))
    let firsts = [| for i in 0 .. n - 1 do if Array.forall (fun j -> bin x[j] <> bin x[i]) [| 0 .. i - 1 |] then yield i |]
    let expected = Array.zeroCreate n
    firsts |> Array.iteri (fun k i -> expected[i] <- 2.0 * float (k + 1) * x[i])
    assertClose $"distinctBy at %A{x}" expected (distinctBins x)
    assertClose $"indexed at %A{x}" (Array.init n (fun i -> float (i + 1) * cos x[i])) (indexedSines x)
    // Σₐ Σ_b a·b² = (Σx)(Σx²): ∂/∂xᵢ = Σx² + 2xᵢ·Σx.
    let s, s2 = Array.sum x, Array.sumBy (fun v -> v * v) x
    assertClose $"allPairs at %A{x}" (x |> Array.map (fun v -> s2 + 2.0 * v * s)) (pairs (List.ofArray x) |> Array.ofList)
    // x₀·Σᵢ₌₁ xᵢ²: ∂/∂x₀ = Σᵢ₌₁ xᵢ², ∂/∂xᵢ = 2x₀xᵢ.
    assertClose $"splitAt at %A{x}" (Array.init n (fun i -> if i = 0 then s2 - x[0] * x[0] else 2.0 * x[0] * x[i])) (split x)
    // The second half (from n / 2): 3xᵢ² there, 0 before.
    assertClose $"sub at %A{x}" (Array.init n (fun i -> if i >= n / 2 then 3.0 * x[i] * x[i] else 0.0)) (firstHalf x)

[<Fact>]
let ``splitAt and sub outside the input throw as F#'s`` () =
    let splitType = (Assert.ThrowsAny<exn>(fun () -> Array.splitAt 3 [| 1.0; 2.0 |] |> ignore)).GetType()
    Assert.Throws(splitType, fun () -> grad <@ fun (x: float[]) -> let a, b = Array.splitAt 3 x in Array.sum a + Array.sum b @> [| 1.0; 2.0 |] |> ignore) |> ignore
    let subType = (Assert.ThrowsAny<exn>(fun () -> Array.sub [| 1.0; 2.0 |] 1 2 |> ignore)).GetType()
    Assert.Throws(subType, fun () -> grad <@ fun (x: float[]) -> Array.sub x 1 2 |> Array.sum @> [| 1.0; 2.0 |] |> ignore) |> ignore

let private collected = grad <@ fun (x: float[]) -> Array.collect (fun v -> [| v; v * v |]) x |> Array.mapi (fun j v -> float (j + 1) * v) |> Array.sum @>
let private concatenated = grad <@ fun (x: float list) -> List.concat [ x; List.map sin x; [ 1.0 ] ] |> List.mapi (fun j v -> float (j + 1) * v) |> List.sum @>
let private ragged = grad <@ fun (x: float[]) -> Array.collect (fun i -> Array.sub x 0 i) [| 0 .. x.Length |] |> Array.sumBy (fun v -> v * v) @>

[<Property(MaxTest = 100, Replay = "(20261129,137)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``collect and concat read each element from the piece it comes from, also pieces of different lengths`` (Vector x) =
    let n = x.Length
    // xᵢ at slot 2i (weight 2i+1) and xᵢ² at slot 2i+1 (weight 2i+2): ∂ = (2i+1) + 2(2i+2)xᵢ.
    assertClose $"collect at %A{x}" (Array.init n (fun i -> float (2 * i + 1) + 2.0 * float (2 * i + 2) * x[i])) (collected x)
    // xᵢ at slot i (weight i+1), sin xᵢ at slot n+i (weight n+i+1), then the constant: ∂ = (i+1) + (n+i+1) cos xᵢ.
    assertClose $"concat at %A{x}" (Array.init n (fun i -> float (i + 1) + float (n + i + 1) * cos x[i])) (concatenated (List.ofArray x) |> Array.ofList)
    // Prefixes of lengths 0 … n: xᵢ is in n − i of them, so ∂ = 2(n − i)xᵢ.
    assertClose $"ragged at %A{x}" (Array.init n (fun i -> 2.0 * float (n - i) * x[i])) (ragged x)

[<Fact>]
let ``map2, zip and fold2 of different lengths throw as F#'s, and Seq.map2 stops at the shorter (regression: they read past the shorter input or dropped the longer's tail)`` () =
    let fsharps = (Assert.ThrowsAny<exn>(fun () -> Array.map2 (fun a b -> a * b) [| 1.0 |] [| 1.0; 2.0 |] |> ignore)).GetType()
    let x = [| 1.0; 2.0; 3.0 |]
    Assert.Throws(fsharps, fun () -> grad <@ fun (x: float[]) -> Array.map2 (fun a b -> a * b) x[1..] x |> Array.sum @> x |> ignore) |> ignore
    Assert.Throws(fsharps, fun () -> grad <@ fun (x: float[]) -> Array.map2 (fun a b -> a * b) x x[1..] |> Array.sum @> x |> ignore) |> ignore
    Assert.Throws(fsharps, fun () -> grad <@ fun (x: float[]) -> Array.zip x[1..] x |> Array.sumBy (fun (a, b) -> a * b) @> x |> ignore) |> ignore
    Assert.Throws(fsharps, fun () -> grad <@ fun (x: float[]) -> Array.fold2 (fun s a b -> s + a * b) 0.0 x[1..] x @> x |> ignore) |> ignore
    Assert.Throws(fsharps, fun () -> grad <@ fun (x: float list) -> List.map2 (fun a b -> a * b) x (List.skip 1 x) |> List.sum @> [ 1.0; 2.0 ] |> ignore) |> ignore
    // Seq.map2 pairs (x₀, x₁), (x₁, x₂): x₀x₁ + x₁x₂ → (x₁, x₀ + x₂, x₁) = (2, 4, 2).
    Assert.Equal<float[]>([| 2.0; 4.0; 2.0 |], grad <@ fun (x: float[]) -> Seq.map2 (fun a b -> a * b) x x[1..] |> Seq.sum @> x)

let private mapped3 = grad <@ fun (x: float[]) -> Array.map3 (fun a b c -> a * b + c) x (Array.map sin x) (Array.rev x) |> Array.sum @>
let private zipped3 = grad <@ fun (x: float list) -> List.zip3 x x x |> List.sumBy (fun (a, b, c) -> a * b * c) @>
let private mapped2i = grad <@ fun (x: float[]) -> Array.mapi2 (fun j a b -> float j * a * b) x x |> Array.sum @>

[<Property(MaxTest = 100, Replay = "(20261129,139)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``map3, zip3 and mapi2 read their inputs side by side, at every length`` (Vector x) =
    // Σ xᵢ sin xᵢ + Σ x: ∂ = sin xᵢ + xᵢ cos xᵢ + 1.
    assertClose $"map3 at %A{x}" (x |> Array.map (fun v -> sin v + v * cos v + 1.0)) (mapped3 x)
    assertClose $"zip3 at %A{x}" (x |> Array.map (fun v -> 3.0 * v * v)) (zipped3 (List.ofArray x) |> Array.ofList)
    assertClose $"mapi2 at %A{x}" (x |> Array.mapi (fun j v -> 2.0 * float j * v)) (mapped2i x)

[<Fact>]
let ``map3 of different lengths throws as F#'s`` () =
    let fsharps = (Assert.ThrowsAny<exn>(fun () -> Array.map3 (fun a b c -> a + b + c) [| 1.0 |] [| 1.0 |] [| 1.0; 2.0 |] |> ignore)).GetType()
    Assert.Throws(fsharps, fun () -> grad <@ fun (x: float[]) -> Array.map3 (fun a b c -> a + b + c) x x x[1..] |> Array.sum @> [| 1.0; 2.0 |] |> ignore) |> ignore

let private edited =
    grad <@ fun (x: float[]) ->
        let a = Array.removeAt 0 x |> Array.mapi (fun j v -> float (j + 1) * v) |> Array.sum
        let b = Array.updateAt (x.Length - 1) (x[0] * x[0]) x |> Array.sumBy (fun v -> v * v)
        let c = Array.insertAt 1 (2.0 * x[0]) x |> Array.mapi (fun j v -> float j * v) |> Array.sum
        a + b + c + Array.sum (Array.replicate 3 x[0]) + (if x.Length > 1 then Array.sum (Array.tail x) else 0.0) @>

[<Property(MaxTest = 100, Replay = "(20261129,149)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``removeAt, updateAt, insertAt, replicate and tail read the input around the index, at every length`` (Vector x) =
    let n = x.Length
    let expected = Array.zeroCreate n
    // a: xᵢ (i ≥ 1) at slot i − 1, weight i.
    for i in 1 .. n - 1 do expected[i] <- expected[i] + float i
    // b: x[n−1] replaced by x₀²: Σ_{i<n−1} xᵢ² + x₀⁴.
    for i in 0 .. n - 2 do expected[i] <- expected[i] + 2.0 * x[i]
    expected[0] <- expected[0] + 4.0 * x[0] ** 3.0
    // c: x₀ at slot 0 (weight 0), 2x₀ at slot 1 (weight 1), xᵢ (i ≥ 1) at slot i + 1.
    expected[0] <- expected[0] + 2.0
    for i in 1 .. n - 1 do expected[i] <- expected[i] + float (i + 1)
    // replicate: 3x₀; tail: Σ_{i≥1} xᵢ.
    expected[0] <- expected[0] + 3.0
    for i in 1 .. n - 1 do expected[i] <- expected[i] + 1.0
    assertClose $"at %A{x}" expected (edited x)

[<Fact>]
let ``removeAt, insertAt, replicate and tail outside their ranges throw as F#'s`` () =
    let typeOf (f: unit -> obj) = (Assert.ThrowsAny<exn>(fun () -> f () |> ignore)).GetType()
    Assert.Throws(typeOf (fun () -> box (Array.removeAt 2 [| 1.0; 2.0 |])), fun () -> grad <@ fun (x: float[]) -> Array.sum (Array.removeAt 2 x) @> [| 1.0; 2.0 |] |> ignore) |> ignore
    Assert.Throws(typeOf (fun () -> box (List.insertAt 3 0.0 [ 1.0; 2.0 ])), fun () -> grad <@ fun (x: float list) -> List.sum (List.insertAt 3 0.0 x) @> [ 1.0; 2.0 ] |> ignore) |> ignore
    Assert.Throws(typeOf (fun () -> box (Array.replicate -1 0.0)), fun () -> grad <@ fun (x: float[]) -> x[0] + Array.sum (Array.replicate (x.Length - 3) x[0]) @> [| 1.0; 2.0 |] |> ignore) |> ignore
    Assert.Throws(typeOf (fun () -> box (Array.tail ([||]: float[]))), fun () -> grad <@ fun (x: float[]) -> Array.sum (Array.tail x) @> [||] |> ignore) |> ignore
