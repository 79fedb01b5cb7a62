/// Records (issue 15): made inside a quotation they are split field by field like tuples, `let mutable` and
/// `{ r with … }` included; as the input they are parameter sets, and the gradient is a record of the same type.
/// Expected values are worked out by hand in each test, or central differences.
module ExprGrad.FSharp.Tests.RecordTests

open Xunit
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open ExprGrad.FSharp
open ExprGrad.FSharp.Tests.Support

type Pair = { A: float; B: float }

type Line = { Slope: float; Intercept: float }

type Model = { W: float[]; Bias: float }

[<Fact>]
let ``a record bound with let is read field by field`` () =
    // p.A·p.B = x², derivative 2x.
    Assert.Equal(6.0, grad <@ fun x -> let p = { A = x; B = x } in p.A * p.B @> 3.0)

[<Fact>]
let ``a record made in a loop body`` () =
    // s₁ = x·x, s₂ = s₁·x = x³: derivative 3x², 12 at 2.
    Assert.Equal(12.0, grad <@ fun x -> let mutable s = x in (for _ in 1 .. 2 do let p = { A = s; B = x } in s <- p.A * p.B); s @> 2.0)

[<Fact>]
let ``a mutable record updated with 'with' in a loop`` () =
    // A: x → x² → x³ → x⁴; B (from the old A each time): 1 → 1 + x → 1 + x + x² → 1 + x + x² + x³.
    // A + B = x⁴ + x³ + x² + x + 1, derivative 4x³ + 3x² + 2x + 1 = 49 at 2.
    let f = <@ fun x ->
                let mutable p = { A = x; B = 1.0 }
                for _ in 1 .. 3 do p <- { p with A = p.A * x; B = p.B + p.A }
                p.A + p.B @>
    Assert.Equal(49.0, grad f 2.0)

[<Fact>]
let ``a record input gets a record gradient`` () =
    // Residuals rᵢ = xᵢ − yᵢ = (−1, −2, −3) at slope 1, intercept 0: ∂/∂slope Σrᵢ² = 2Σrᵢxᵢ = −16, ∂/∂intercept = 2Σrᵢ = −12.
    let xs, ys = [| 0.0; 1.0; 2.0 |], [| 1.0; 3.0; 5.0 |]
    let g = grad <@ fun (p: Line) -> Array.sumBy (fun i -> (p.Slope * xs[i] + p.Intercept - ys[i]) ** 2.0) [| 0 .. xs.Length - 1 |] @>
    Assert.Equal({ Slope = -16.0; Intercept = -12.0 }, g { Slope = 1.0; Intercept = 0.0 })

type private Weights =
    static member Weights() =
        Gen.choose (-1000, 1000) |> Gen.map (fun i -> float i / 500.0) |> Gen.arrayOfLength 4 |> Arb.fromGen

[<Property(MaxTest = 50, Replay = "(20261128,1)", Arbitrary = [| typeof<Weights> |])>]
let ``a record with an array field, in a tuple with a float, matches central differences`` (w: float[]) =
    let f (m: Model, scale: float) = scale * Array.sumBy (fun v -> tanh v * v) m.W + m.Bias * m.Bias * scale
    let dm, ds = grad <@ fun (m: Model, scale: float) -> scale * Array.sumBy (fun v -> tanh v * v) m.W + m.Bias * m.Bias * scale @> ({ W = w; Bias = 0.7 }, 1.3)
    let point = Array.append w [| 0.7; 1.3 |]
    let expected = numericGradient (fun p -> f ({ W = p[.. 3]; Bias = p[4] }, p[5])) point
    assertClose "(model, scale)" expected (Array.append dm.W [| dm.Bias; ds |])

[<Fact>]
let ``regression: a tuple read whole after it is split no longer splits endlessly (stack overflow)`` () =
    // q ← p = (x, 2x), so fst q · snd q = 2x², derivative 4x = 12 at 3. Before the fix Reduction re-bound p from its
    // parts and split that binding again, until the stack overflowed.
    Assert.Equal(12.0, grad <@ fun (x: float) -> let p = (x, 2.0 * x) in let mutable q = (0.0, 0.0) in q <- p; fst q * snd q @> 3.0)
    // The same for a record passed whole to an inner function: A·B = 2x².
    Assert.Equal(12.0, grad <@ fun (x: float) -> let r = { A = x; B = 2.0 * x } in let area (p: Pair) = p.A * p.B in area r @> 3.0)
