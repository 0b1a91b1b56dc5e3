// "My time this week": a range slider beside each share, linked so that the four shares
// always add up to 100 (moving one moves the others in proportion). The page works
// without JavaScript: the number inputs are the form; the sliders only set them.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form[data-time-split]").forEach((form) => {
    const sliders = Array.from(form.querySelectorAll("input[data-slider-for]"));
    const inputs = sliders.map((slider) => document.getElementById(slider.dataset.sliderFor));
    const total = form.querySelector("#wk-split-total");
    if (!sliders.length || inputs.some((input) => !input)) return;

    const value = (input) => {
      const n = parseInt(input.value, 10);
      return Number.isFinite(n) ? Math.min(100, Math.max(0, n)) : 0;
    };
    const totalValue = total.querySelector("[data-total-value]");
    const totalWarning = total.querySelector("[data-total-warning]");
    const show = () => {
      const sum = inputs.reduce((acc, input) => acc + value(input), 0);
      totalValue.textContent = `${sum}%`;
      totalWarning.hidden = sum === 100;
    };
    const setSlider = (slider, n) => {
      slider.value = String(n);
      slider.setAttribute("aria-valuetext", `${n}%`);
    };

    // Move share ``index`` to ``n`` and spread the rest over the others, in proportion
    // to what they had (largest remainders), so that the sum stays 100.
    const rebalance = (index, n) => {
      const others = inputs.map((_, i) => i).filter((i) => i !== index);
      const rest = 100 - n;
      const before = others.map((i) => value(inputs[i]));
      const sumBefore = before.reduce((a, b) => a + b, 0);
      const exact = others.map((_, k) => (sumBefore ? (before[k] * rest) / sumBefore : rest / others.length));
      const floors = exact.map(Math.floor);
      let left = rest - floors.reduce((a, b) => a + b, 0);
      const order = exact.map((x, k) => [x - floors[k], k]).sort((a, b) => b[0] - a[0]);
      for (const [, k] of order) {
        if (left <= 0) break;
        floors[k] += 1;
        left -= 1;
      }
      inputs[index].value = String(n);
      others.forEach((i, k) => {
        inputs[i].value = String(floors[k]);
        setSlider(sliders[i], floors[k]);
      });
      setSlider(sliders[index], n);
      show();
    };

    sliders.forEach((slider, index) => {
      slider.hidden = false;
      setSlider(slider, value(inputs[index]));
      slider.addEventListener("input", () => rebalance(index, value(slider)));
    });
    inputs.forEach((input, index) => {
      input.addEventListener("input", () => {
        setSlider(sliders[index], value(input));
        show();
      });
    });
    show();
  });
});
