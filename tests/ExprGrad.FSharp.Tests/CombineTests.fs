/// `append`, `reduce`, `partition`, `unzip`, `permute`, `mapFold` and `mapFoldBack` (issue 15): an append reads one input then the other, a reduce is a fold
/// from the first element (Ops.Scan), a partition or an unzip is the pair of a filter and its complement (of the
/// maps of `fst` and `snd`), split where the pair is bound. Expected values by hand or central differences.
module ExprGrad.FSharp.Tests.CombineTests

open Xunit
open FsCheck.Xunit
open ExprGrad.FSharp
open ExprGrad.FSharp.Tests.Support

[<Fact>]
let ``append reads the first input, then the second`` () =
    // Σ over (x, 2x) of vᵢ·(i + 1): x₁ + 2x₂ + 3·2x₁ + 4·2x₂ → (7, 10).
    let g = grad <@ fun (x: float[]) -> Array.append x (Array.map (fun v -> 2.0 * v) x) |> Array.mapi (fun i v -> float (i + 1) * v) |> Array.sum @>
    Assert.Equal<float[]>([| 7.0; 10.0 |], g [| 5.0; 6.0 |])

[<Fact>]
let ``reduce folds from the first element, and an empty input throws as F# does`` () =
    // x₁·x₂·x₃ = 6 at (1, 2, 3): gradient (6, 3, 2).
    let value, g = valueAndGrad <@ fun (x: float[]) -> Array.reduce (fun a b -> a * b) x @> [| 1.0; 2.0; 3.0 |]
    Assert.Equal(6.0, value)
    Assert.Equal<float[]>([| 6.0; 3.0; 2.0 |], g)
    let fsharps = (Assert.ThrowsAny<exn>(fun () -> Array.reduce (+) ([||]: float[]) |> ignore)).GetType()
    Assert.Throws(fsharps, fun () -> grad <@ fun (x: float[]) -> Array.reduce (fun a b -> a + b) x @> [||] |> ignore) |> ignore

[<Fact>]
let ``partition and unzip are taken apart where they are bound`` () =
    // (2, 3) pass v > 1.5, (1) does not: Σa − Σb → (−1, 1, 1).
    Assert.Equal<float[]>([| -1.0; 1.0; 1.0 |], grad <@ fun (x: float[]) -> let a, b = Array.partition (fun v -> v > 1.5) x in Array.sum a - Array.sum b @> [| 1.0; 2.0; 3.0 |])
    // unzip of (xᵢ, xᵢ²): Σx · Σx², at (1, 2): ∂/∂xᵢ = Σx² + Σx·2xᵢ = 5 + 3·2xᵢ → (11, 17).
    Assert.Equal<float[]>([| 11.0; 17.0 |], grad <@ fun (x: float[]) -> let a, b = Array.unzip (Array.map (fun v -> v, v * v) x) in Array.sum a * Array.sum b @> [| 1.0; 2.0 |])

[<Fact>]
let ``mapFold's outputs read the state before each step, and the final state`` () =
    // s: 1 → 1 + x₁ → … ; ys = (x₁·1, x₂·(1 + x₁), x₃·(1 + x₁ + x₂)) = (1, 4, 12) at (1, 2, 3), final state 7; Σys + s = 24.
    // ∂/∂x₁ = 1 + x₂ + x₃ + 1 = 7, ∂/∂x₂ = (1 + x₁) + x₃ + 1 = 6, ∂/∂x₃ = (1 + x₁ + x₂) + 1 = 5.
    let value, g = valueAndGrad <@ fun (x: float[]) -> let ys, s = Array.mapFold (fun s v -> v * s, s + v) 1.0 x in Array.sum ys + s @> [| 1.0; 2.0; 3.0 |]
    Assert.Equal(24.0, value)
    Assert.Equal<float[]>([| 7.0; 6.0; 5.0 |], g)
    // List: ys = (x₁, x₂x₁), s = x₁x₂; (x₁ + x₁x₂)·x₁x₂ = x₁²x₂ + x₁²x₂² → (2x₁x₂ + 2x₁x₂², x₁² + 2x₁²x₂) = (12, 5) at (1, 2).
    Assert.Equal<float list>([ 12.0; 5.0 ], grad <@ fun (x: float list) -> let ys, s = List.mapFold (fun s v -> v * s, s * v) 1.0 x in List.sum ys * s @> [ 1.0; 2.0 ])

let private mapFolded = grad <@ fun (x: float[]) -> let ys, s = Array.mapFold (fun s v -> sin v * s, s * 0.5 + v * v) 0.3 x in Array.sumBy (fun y -> y * y) ys + s @>

[<Property(MaxTest = 100, Replay = "(20261129,89)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``mapFold of every length matches central differences`` (Vector x) =
    let plain (x: float[]) = let ys, s = Array.mapFold (fun s v -> sin v * s, s * 0.5 + v * v) 0.3 x in Array.sumBy (fun y -> y * y) ys + s
    assertClose $"mapFold at %A{x}" (numericGradient plain x) (mapFolded x)

[<Fact>]
let ``permute reads each output where F#'s permute sends it from, and a non-permutation throws as F#'s`` () =
    // i → i + 1 mod 3 gives (x₃, x₁, x₂); weighted by (1, 2, 3): 2x₁ + 3x₂ + x₃ → (2, 3, 1).
    Assert.Equal<float[]>([| 2.0; 3.0; 1.0 |], grad <@ fun (x: float[]) -> Array.permute (fun i -> (i + 1) % x.Length) x |> Array.mapi (fun j v -> float (j + 1) * v) |> Array.sum @> [| 1.0; 2.0; 3.0 |])
    let fsharps = (Assert.ThrowsAny<exn>(fun () -> Array.permute (fun _ -> 0) [| 1.0; 2.0 |] |> ignore)).GetType()
    Assert.Throws(fsharps, fun () -> grad <@ fun (x: float[]) -> Array.permute (fun _ -> 0) x |> Array.sum @> [| 1.0; 2.0 |] |> ignore) |> ignore

[<Fact>]
let ``mapFoldBack runs from the right`` () =
    // From s = 1 over (1, 2, 3) from the right: ys = (x₁(1 + x₂ + x₃), x₂(1 + x₃), x₃) = (6, 8, 3), s = 7;
    // Σ (j+1)·yⱼ + s = 38; ∂/∂x = (1 + x₂ + x₃ + 1, x₁ + 2(1 + x₃) + 1, x₁ + 2x₂ + 3 + 1) = (7, 10, 9).
    let value, g = valueAndGrad <@ fun (x: float[]) -> let ys, s = Array.mapFoldBack (fun v s -> v * s, s + v) x 1.0 in (Array.mapi (fun j y -> float (j + 1) * y) ys |> Array.sum) + s @> [| 1.0; 2.0; 3.0 |]
    Assert.Equal(38.0, value)
    Assert.Equal<float[]>([| 7.0; 10.0; 9.0 |], g)

let private reordered = grad <@ fun (x: float[]) -> let ys, s = Array.mapFoldBack (fun v s -> cos v * s, s * 0.5 + v) (Array.permute (fun i -> (i + 2) % x.Length) x) 0.4 in Array.sumBy (fun y -> y * y) ys + s * s @>

[<Property(MaxTest = 100, Replay = "(20261129,101)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``permute and mapFoldBack of every length match central differences`` (Vector x) =
    let plain (x: float[]) = let ys, s = Array.mapFoldBack (fun v s -> cos v * s, s * 0.5 + v) (Array.permute (fun i -> (i + 2) % x.Length) x) 0.4 in Array.sumBy (fun y -> y * y) ys + s * s
    assertClose $"reordered at %A{x}" (numericGradient plain x) (reordered x)

let private combined =
    grad <@ fun (x: float[]) ->
        let a, b = Array.partition (fun v -> v > 0.0) x
        Array.reduce (fun s v -> s * 0.5 + sin v) (Array.append a (Array.map (fun v -> v * v) b)) + (Array.append b a |> Array.mapi (fun i v -> float i * v) |> Array.sum) @>

[<Property(MaxTest = 100, Replay = "(20261129,79)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``partition, append and reduce match central differences away from the predicate's boundary`` (Vector x) =
    let plain (x: float[]) =
        let a, b = Array.partition (fun v -> v > 0.0) x
        Array.reduce (fun s v -> s * 0.5 + sin v) (Array.append a (Array.map (fun v -> v * v) b)) + (Array.append b a |> Array.mapi (fun i v -> float i * v) |> Array.sum)
    if x |> Array.forall (fun v -> abs v > 1e-2) then assertClose $"combined at %A{x}" (numericGradient plain x) (combined x)
