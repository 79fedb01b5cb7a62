/// `item`, `head`, `find`, `findBack`, `pick`, `exactlyOne`, the `try…Back` forms, `unfold`, `Seq.initInfinite`
/// under `take`, `copy`, `singleton`, `create`, `where`, `insertManyAt`, `removeManyAt`, `reduceBack`, `foldBack2`,
/// `unzip3` (issue 15): each gradient is compiled once and called at every length the generator gives (1 to 6),
/// checked against central differences of the same F# run plainly and against valueAndGrad; indices and counts
/// come from F#'s own function, so its exceptions are F#'s.
module ExprGrad.FSharp.Tests.LookupTests

open System
open Xunit
open FsCheck.Xunit
open Microsoft.FSharp.Quotations
open ExprGrad.FSharp
open ExprGrad.FSharp.Tests.Support

/// The gradient of q at x against central differences of plain, and valueAndGrad against both.
let private agrees (name: string) (q: Expr<float[] -> float>) (plain: float[] -> float) =
    let g, vg = grad q, valueAndGrad q
    fun (x: float[]) ->
        let gx = g x
        assertClose $"{name}: central differences at %A{x}" (numericGradient plain x) gx
        let value, gradient = vg x
        Assert.True(close (plain x) value, $"{name}: value at %A{x}: expected {plain x}, got {value}")
        assertClose $"{name}: valueAndGrad at %A{x}" gx gradient

let private reads =
    agrees "item, head, Seq.item, Seq.head"
        <@ fun (x: float[]) -> Array.item (x.Length - 1) x * Array.head x + sin (Seq.item 0 x) * Seq.head x @>
        (fun x -> Array.item (x.Length - 1) x * Array.head x + sin (Seq.item 0 x) * Seq.head x)
let private found =
    agrees "find, findBack"
        <@ fun (x: float[]) -> Array.find (fun v -> v > 0.0) (Array.append (Array.map (fun v -> v * v * v) x) [| 1.0 |]) + 2.0 * Array.findBack (fun v -> v < 0.5) (Array.append [| 0.0 |] x) @>
        (fun x -> Array.find (fun v -> v > 0.0) (Array.append (Array.map (fun v -> v * v * v) x) [| 1.0 |]) + 2.0 * Array.findBack (fun v -> v < 0.5) (Array.append [| 0.0 |] x))
let private picked =
    agrees "pick, exactlyOne"
        <@ fun (x: float[]) -> Array.pick (fun v -> if v < 0.0 then Some (v * v) else None) (Array.append x [| -1.0 |]) + Array.exactlyOne (Array.take 1 x) * Array.sum x @>
        (fun x -> Array.pick (fun v -> if v < 0.0 then Some (v * v) else None) (Array.append x [| -1.0 |]) + Array.exactlyOne (Array.take 1 x) * Array.sum x)
let private unfolded =
    agrees "unfold"
        <@ fun (x: float[]) -> Array.unfold (fun s -> if s > 4.0 then None else Some (s * s, 1.1 * s + 1.0)) (x[0] + 1.0) |> Array.sum @>
        (fun x -> Array.unfold (fun s -> if s > 4.0 then None else Some (s * s, 1.1 * s + 1.0)) (x[0] + 1.0) |> Array.sum)
let private endless =
    agrees "Seq.unfold and Seq.initInfinite under take"
        <@ fun (x: float[]) -> (Seq.unfold (fun s -> Some (sin s, s * x[0])) 1.0 |> Seq.take x.Length |> Seq.sum) + (Seq.initInfinite (fun i -> x[i % x.Length] * float i) |> Seq.truncate (2 * x.Length) |> Seq.sumBy (fun v -> v * v)) @>
        (fun x -> (Seq.unfold (fun s -> Some (sin s, s * x[0])) 1.0 |> Seq.take x.Length |> Seq.sum) + (Seq.initInfinite (fun i -> x[i % x.Length] * float i) |> Seq.truncate (2 * x.Length) |> Seq.sumBy (fun v -> v * v)))
// `where`'s kept values enter cubed, so a value crossing 0 inside the central difference's step changes the sum by O(h³).
let private made =
    agrees "copy, singleton, create, where, cache"
        <@ fun (x: float[]) -> Array.sumBy (fun v -> v * v) (Array.copy x) + Array.sum (Array.singleton (sin x[0])) + Array.sum (Array.create x.Length x[0]) + Array.sumBy (fun v -> v * v * v) (Array.where (fun v -> v > 0.0) x) + Seq.sum (Seq.cache (Array.map exp x)) @>
        (fun x -> Array.sumBy (fun v -> v * v) (Array.copy x) + Array.sum (Array.singleton (sin x[0])) + Array.sum (Array.create x.Length x[0]) + Array.sumBy (fun v -> v * v * v) (Array.where (fun v -> v > 0.0) x) + Seq.sum (Seq.cache (Array.map exp x)))
let private many =
    agrees "insertManyAt, removeManyAt"
        <@ fun (x: float[]) -> (Array.insertManyAt 1 [| 2.0 * x[0]; sin x[0] |] x |> Array.mapi (fun j v -> float (j + 1) * v * v) |> Array.sum) + (List.removeManyAt 0 1 (List.ofArray x) |> List.sumBy exp) @>
        (fun x -> (Array.insertManyAt 1 [| 2.0 * x[0]; sin x[0] |] x |> Array.mapi (fun j v -> float (j + 1) * v * v) |> Array.sum) + (List.removeManyAt 0 1 (List.ofArray x) |> List.sumBy exp))
let private backwards =
    agrees "reduceBack, foldBack2, foldBack with a tuple state"
        <@ fun (x: float[]) ->
            let a, b = Array.foldBack (fun v (a, b) -> (b, a + v * b)) x (1.0, 0.5)
            Array.reduceBack (fun a b -> a * b + sin a) x + Array.foldBack2 (fun a b s -> s * a + b) x (Array.map cos x) 0.5 + a * b @>
        (fun x ->
            let a, b = Array.foldBack (fun v (a, b) -> (b, a + v * b)) x (1.0, 0.5)
            Array.reduceBack (fun a b -> a * b + sin a) x + Array.foldBack2 (fun a b s -> s * a + b) x (Array.map cos x) 0.5 + a * b)
let private unzipped =
    agrees "unzip3"
        <@ fun (x: float[]) -> let a, b, c = Array.unzip3 (Array.map (fun v -> (v, v * v, sin v)) x) in Array.sum a * Array.sum c + Array.sum b @>
        (fun x -> let a, b, c = Array.unzip3 (Array.map (fun v -> (v, v * v, sin v)) x) in Array.sum a * Array.sum c + Array.sum b)

// partitionWith's two sides enter as c·v³, so a value crossing 0 inside the central difference's step moves the sum by O(h³).
let private tupleStates =
    agrees "scan and scanBack with a tuple state, reduce over pairs, partitionWith"
        <@ fun (x: float[]) ->
            let s, p = Array.reduce (fun (a, b) (c, d) -> (a + c, b * d)) (Array.zip x (Array.map cos x))
            let pos, neg = Array.partitionWith (fun v -> if v > 0.0 then Choice1Of2 (v * v * v) else Choice2Of2 (3.0 * v * v * v)) x
            (Array.scan (fun (a, b) v -> (a + v * b, b * 0.9 + sin v)) (0.5, 1.0) x |> Array.sumBy (fun (a, b) -> a * b))
            + (List.scanBack (fun v (a, b) -> (a * 0.5 + v, b + v * v)) (List.ofArray x) (1.0, 0.0) |> List.sumBy (fun (a, b) -> a + b * b))
            + s * p + Array.sum pos + Array.sum neg @>
        (fun x ->
            let s, p = Array.reduce (fun (a, b) (c, d) -> (a + c, b * d)) (Array.zip x (Array.map cos x))
            let pos, neg = Array.partitionWith (fun v -> if v > 0.0 then Choice1Of2 (v * v * v) else Choice2Of2 (3.0 * v * v * v)) x
            (Array.scan (fun (a, b) v -> (a + v * b, b * 0.9 + sin v)) (0.5, 1.0) x |> Array.sumBy (fun (a, b) -> a * b))
            + (List.scanBack (fun v (a, b) -> (a * 0.5 + v, b + v * v)) (List.ofArray x) (1.0, 0.0) |> List.sumBy (fun (a, b) -> a + b * b))
            + s * p + Array.sum pos + Array.sum neg)

let private mappedFolds =
    agrees "mapFold and mapFoldBack with a tuple state"
        <@ fun (x: float[]) ->
            let ys, (a, b) = Array.mapFold (fun (a, b) v -> (v * a + b, (a + v * b, b * 0.9 + sin v))) (0.5, 1.0) x
            let zs, (c, d) = List.mapFoldBack (fun v (a, b) -> (v * a + b, (a * 0.5 + v, b + v * a))) (List.ofArray x) (0.5, 1.0)
            Array.sum ys * a + b + List.sum zs * c + d @>
        (fun x ->
            let ys, (a, b) = Array.mapFold (fun (a, b) v -> (v * a + b, (a + v * b, b * 0.9 + sin v))) (0.5, 1.0) x
            let zs, (c, d) = List.mapFoldBack (fun v (a, b) -> (v * a + b, (a * 0.5 + v, b + v * a))) (List.ofArray x) (0.5, 1.0)
            Array.sum ys * a + b + List.sum zs * c + d)

[<Property(MaxTest = 100, Replay = "(20261129,209)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``scan, scanBack, mapFold and mapFoldBack with a tuple state, reduce over pairs and partitionWith match central differences`` (Vector x) =
    tupleStates x
    mappedFolds x

[<Property(MaxTest = 100, Replay = "(20261129,201)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``item, head, find, findBack, pick and exactlyOne read the element F#'s own function picks, at every length`` (Vector x) =
    reads x
    found x
    picked x

[<Property(MaxTest = 100, Replay = "(20261129,203)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``unfold with a float state, and endless sequences under take, match central differences`` (Vector x) =
    unfolded x
    endless x

[<Property(MaxTest = 100, Replay = "(20261129,207)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``copy, singleton, create, where, cache, insertManyAt, removeManyAt, reduceBack, foldBack2 and unzip3 match central differences`` (Vector x) =
    made x
    many x
    backwards x
    unzipped x

[<Fact>]
let ``unfold's elements carry the derivative of the state they come from`` () =
    // s₀ = x₀ + 1 = 1.5, sₖ₊₁ = 1.1 sₖ + 1: 1.5, 2.65, 3.915, 5.3065 (stops): Σ sₖ², ∂/∂x₀ = Σ 2 sₖ · 1.1ᵏ.
    let s = [ 1.5; 2.65; 3.915 ]
    let expected = s |> List.mapi (fun k v -> 2.0 * v * 1.1 ** float k) |> List.sum
    let g = grad <@ fun (x: float[]) -> Array.unfold (fun s -> if s > 4.0 then None else Some (s * s, 1.1 * s + 1.0)) (x[0] + 1.0) |> Array.sum @>
    assertClose "three states" [| expected; 0.0 |] (g [| 0.5; 7.0 |])
    // x₀ = 3: s₀ = 4 (kept), 5.4 stops: only 4², ∂ = 8. The same compiled gradient, another count.
    assertClose "one state" [| 8.0; 0.0 |] (g [| 3.0; 7.0 |])

[<Fact>]
let ``fold, foldBack and scan with a tuple state that swaps its components send each adjoint back to where it came from`` () =
    // (0, 0) → (0, x₀) → (x₀, x₁) → (x₁, x₀ + x₂): a·b = x₁(x₀ + x₂) → (x₁, x₀ + x₂, x₁); the core once sent (−1.5, −1.5, −1.5).
    let x = [| 0.5; -1.5; 2.0 |]
    assertClose "fold" [| -1.5; 2.5; -1.5 |] (grad <@ fun (w: float[]) -> let a, b = Array.fold (fun (a, b) v -> (b, a + v)) (0.0, 0.0) w in a * b @> x)
    // From the right: (0, 0) → (0, x₂) → (x₂, x₁) → (x₁, x₂ + x₀): the same product.
    assertClose "foldBack" [| -1.5; 2.5; -1.5 |] (grad <@ fun (w: float[]) -> let a, b = Array.foldBack (fun v (a, b) -> (b, a + v)) w (0.0, 0.0) in a * b @> x)
    // Σ of the states' first components: 0 + 0 + x₀ + x₁ → (1, 1, 0).
    assertClose "scan" [| 1.0; 1.0; 0.0 |] (grad <@ fun (w: float[]) -> Array.scan (fun (a, b) v -> (b, a + v)) (0.0, 0.0) w |> Array.sumBy fst @> x)

[<Fact>]
let ``the try and Back forms choose as F#'s`` () =
    // tryFindBack: the last positive; tryFindIndexBack: its index; tryExactlyOne: Some only for one element.
    let q = grad <@ fun (x: float[]) ->
                     (match Array.tryFindBack (fun v -> v > 0.0) x with Some v -> v * v | None -> 0.0)
                     + (match Array.tryFindIndexBack (fun v -> v < 0.0) x with Some i -> 3.0 * x[i] | None -> 0.0)
                     + (match List.tryExactlyOne (List.filter (fun v -> v > 1.0) (List.ofArray x)) with Some v -> 5.0 * v | None -> 0.0) @>
    // (0.5, −1.5, 2, −0.25): last positive 2 → 4 at x₂; last negative x₃ → 3; one above 1 (x₂) → 5.
    assertClose "at (0.5, -1.5, 2, -0.25)" [| 0.0; 0.0; 9.0; 3.0 |] (q [| 0.5; -1.5; 2.0; -0.25 |])
    // No positive, no negative, none above 1.
    assertClose "at (0, 0)" [| 0.0; 0.0 |] (q [| 0.0; 0.0 |])

[<Fact>]
let ``find, pick, exactlyOne, head, insertManyAt and removeManyAt throw as F#'s`` () =
    let fsharps (f: unit -> obj) = (Assert.ThrowsAny<exn>(fun () -> f () |> ignore)).GetType()
    let same (expected: Type) (f: unit -> obj) = Assert.Throws(expected, fun () -> f () |> ignore) |> ignore
    same (fsharps (fun () -> box (Array.find (fun v -> v > 5.0) [| 1.0 |]))) (fun () -> box (grad <@ fun (x: float[]) -> Array.find (fun v -> v > 5.0) x @> [| 1.0 |]))
    same (fsharps (fun () -> box (List.pick (fun v -> if v > 5.0 then Some v else None) [ 1.0 ]))) (fun () -> box (grad <@ fun (x: float list) -> List.pick (fun v -> if v > 5.0 then Some v else None) x @> [ 1.0 ]))
    same (fsharps (fun () -> box (Array.exactlyOne [| 1.0; 2.0 |]))) (fun () -> box (grad <@ fun (x: float[]) -> Array.exactlyOne x @> [| 1.0; 2.0 |]))
    same (fsharps (fun () -> box (Array.head (Array.empty<float>)))) (fun () -> box (grad <@ fun (x: float[]) -> x[0] + Array.head (Array.skip 1 x) @> [| 1.0 |]))
    same (fsharps (fun () -> box (Array.insertManyAt 3 [| 0.0 |] [| 1.0 |]))) (fun () -> box (grad <@ fun (x: float[]) -> Array.sum (Array.insertManyAt 3 [| x[0] |] x) @> [| 1.0 |]))
    same (fsharps (fun () -> box (Array.removeManyAt 0 2 [| 1.0 |]))) (fun () -> box (grad <@ fun (x: float[]) -> Array.sum (Array.removeManyAt 0 2 x) @> [| 1.0 |]))

[<Fact>]
let ``gradcheck agrees with every entry point for the lowered lookups`` () =
    let x = [| 0.3; -0.7; 1.1; 0.45 |]
    Assert.True((gradcheck <@ fun (x: float[]) -> Array.find (fun v -> v > 0.5) x * Array.exactlyOne (Array.take 1 x) + Array.reduceBack (fun a b -> a * b + sin a) x @> x).Passed)
    Assert.True((gradcheck <@ fun (x: float[]) -> Array.unfold (fun s -> if s > 4.0 then None else Some (s * s, 1.1 * s + 1.0)) (x[0] + 1.0) |> Array.sum @> x).Passed)

[<Fact>]
let ``random draws, an unfold over a tuple state and an endless sequence read whole are refused, saying why`` () =
    rejects "'Array.randomShuffle', a random draw" (fun () -> box (grad <@ fun (x: float[]) -> Array.sum (Array.randomShuffle x) @>))
    rejects "draw outside the quotation" (fun () -> box (grad <@ fun (x: float list) -> List.sum (List.randomSample 2 x) @>))
    rejects "'Array.unfold' with a state of type Tuple`2" (fun () -> box (grad <@ fun (x: float[]) -> Array.unfold (fun (a, b) -> if a > 3.0 then None else Some (a, (b, a + b))) (x[0], 1.0) |> Array.sum @>))
    // F# would run forever: the gradient throws instead, naming it.
    let g = grad <@ fun (x: float[]) -> Seq.initInfinite (fun i -> x[0] * float i) |> Seq.sum @>
    let ex = Assert.Throws<InvalidOperationException>(fun () -> g [| 1.0 |] |> ignore)
    Assert.Contains("Seq.initInfinite is endless", ex.Message)
