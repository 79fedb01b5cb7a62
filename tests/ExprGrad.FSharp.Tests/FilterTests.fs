/// Array.filter, except, truncate and last (issue 15): read through the indices they keep, computed once from the
/// values (no gradient through the choice), never unrolled. Expected values by hand or central differences.
module ExprGrad.FSharp.Tests.FilterTests

open Xunit
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open ExprGrad.FSharp
open ExprGrad.FSharp.Tests.Support

[<Fact>]
let ``filter keeps the elements its predicate holds for, and only they get a gradient`` () =
    // Σ over x > 0 of x²: at (1, −2, 3) that is 1 + 9; the gradient 2x where kept, 0 elsewhere.
    let f = <@ fun (x: float[]) -> x |> Array.filter (fun v -> v > 0.0) |> Array.sumBy (fun v -> v * v) @>
    let value, g = valueAndGrad f [| 1.0; -2.0; 3.0 |]
    Assert.Equal(10.0, value)
    Assert.Equal<float[]>([| 2.0; 0.0; 6.0 |], g)

[<Fact>]
let ``the same gradient takes inputs of other lengths`` () =
    let g = grad <@ fun (x: float[]) -> Array.sum (Array.filter (fun v -> v < 1.0) x) @>
    Assert.Equal<float[]>([| 1.0; 0.0 |], g [| 0.5; 2.0 |])
    Assert.Equal<float[]>([| 0.0; 1.0; 1.0; 0.0; 1.0 |], g [| 4.0; -1.0; 0.0; 1.0; 0.25 |])

[<Fact>]
let ``a predicate reading a parameter decides but carries no gradient`` () =
    // Σ over xᵢ > t of xᵢ·t: at x = (1, 2, 3), t = 1.5 the kept are 2 and 3, so ∂/∂x = (0, t, t), ∂/∂t = 2 + 3.
    let gx, gt = grad <@ fun (x: float[], t: float) -> x |> Array.filter (fun v -> v > t) |> Array.sumBy (fun v -> v * t) @> ([| 1.0; 2.0; 3.0 |], 1.5)
    Assert.Equal<float[]>([| 0.0; 1.5; 1.5 |], gx)
    Assert.Equal(5.0, gt)

[<Fact>]
let ``except drops the excluded values and the repeats, as F# does`` () =
    // except [2] of (1, 2, 1, 3) is (1, 3): the first 1 and the 3. Σ v³ → 3v² at those, 0 at the rest.
    let g = grad <@ fun (x: float[]) -> Array.except [| 2.0 |] x |> Array.sumBy (fun v -> v * v * v) @>
    Assert.Equal<float[]>([| 3.0; 0.0; 0.0; 27.0 |], g [| 1.0; 2.0; 1.0; 3.0 |])

[<Fact>]
let ``truncate and last`` () =
    // Σ of the first two of (1, 2, 3) squared, plus the last: 1 + 4 + 3; gradient (2, 4, 1).
    let f = <@ fun (x: float[]) -> (x |> Array.truncate 2 |> Array.sumBy (fun v -> v * v)) + Array.last x @>
    let value, g = valueAndGrad f [| 1.0; 2.0; 3.0 |]
    Assert.Equal(8.0, value)
    Assert.Equal<float[]>([| 2.0; 4.0; 1.0 |], g)
    // truncate beyond the length keeps everything, as F#'s does.
    Assert.Equal<float[]>([| 1.0; 1.0 |], grad <@ fun (x: float[]) -> Array.truncate 5 x |> Array.sum @> [| 7.0; 8.0 |])

type private Points =
    static member Points() =
        Gen.choose (-1000, 1000) |> Gen.map (fun i -> float i / 300.0) |> Gen.arrayOfLength 6 |> Arb.fromGen

[<Property(MaxTest = 60, Replay = "(20261129,1)", Arbitrary = [| typeof<Points> |])>]
let ``a filtered, mapped loss matches central differences`` (x: float[]) =
    // Central differences are valid where no element sits on the predicate's boundary (|v − 0.5| ≥ 1e-3 here,
    // far beyond the step's reach for these points).
    let plain (x: float[]) = x |> Array.filter (fun v -> v > 0.5) |> Array.map (fun v -> sin v * v) |> Array.sum
    let g = grad <@ fun (x: float[]) -> x |> Array.filter (fun v -> v > 0.5) |> Array.map (fun v -> sin v * v) |> Array.sum @> x
    (x |> Array.forall (fun v -> abs (v - 0.5) > 1e-2)) ==> lazy (assertClose "filter" (numericGradient plain x) g)
